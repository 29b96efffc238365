/**
 * Bulk import inside the registry's change transaction: every row checked on its own, then the whole
 * catalog it would produce; any problem refuses the lot, with each problem named by its row.
 * Rows may link to each other in any order (a gauge downstream of one further down the file), so
 * nothing is written until everything is checked.
 */
import { checkAlone, checkCandidate, type Actor, type CatalogBase, type RegisteredSensor, type Write } from './model';
import { newSensorFields } from './rows';
import { say, sayWith } from '../../schemas/reason';

/** One parsed row of a CSV or GeoJSON file: its sensor, or why it could not be read. */
export interface ImportRow {
  /** How people find it in their file: `row 4` (CSV, header = row 1), `feature 3` (GeoJSON, from 1). */
  label: string;
  sensor?: Record<string, unknown>;
  errors: string[];
}

export type ImportResult =
  | { ok: true; created: string[]; updated: string[]; version: number }
  | { ok: false; status: 400; errors: string[]; rows: { label: string; errors: string[] }[] };

export const MAX_IMPORT_ROWS = 10_000;

interface ImportDeps {
  base: CatalogBase;
  actor: Actor;
  rows: ImportRow[];
  reason: string;
  list(): Promise<RegisteredSensor[]>;
  persist(w: Write): Promise<RegisteredSensor>;
}

export async function importSensors(d: ImportDeps): Promise<ImportResult> {
  if (d.rows.length === 0) return refuse([say('noSensorsInFile')], []);
  if (d.rows.length > MAX_IMPORT_ROWS) return refuse([say('importMax', { max: MAX_IMPORT_ROWS })], []);
  const existing = new Map((await d.list()).map((s) => [s.id, s]));
  const perRow = d.rows.map((row) => ({ label: row.label, errors: [...row.errors, ...rowProblems(d.base, row, existing)] }));
  markDuplicates(d.rows, perRow);
  const bad = perRow.filter((r) => r.errors.length > 0);
  if (bad.length > 0) return refuse([sayWith('rowsHaveProblems', { bad: bad.length, rows: d.rows.length })], bad);

  const incoming = d.rows.map((r) => ({ ...newSensorFields(r.sensor!), status: existing.get(String(r.sensor!.id))?.status ?? 'active' }) as RegisteredSensor);
  const ids = new Set(incoming.map((s) => s.id));
  const kept = [...existing.values()].filter((s) => s.status !== 'decommissioned' && !ids.has(s.id));
  const check = checkCandidate(d.base, [...kept, ...incoming], (i) => (i < kept.length ? `sensor ${kept[i].id}` : d.rows[i - kept.length].label));
  if (!check.ok) return refuse(check.errors, []);

  const created: string[] = [];
  const updated: string[] = [];
  for (const next of incoming) {
    const before = existing.get(next.id) ?? null;
    await d.persist({ actor: d.actor, action: 'import', reason: d.reason, before, next });
    (before ? updated : created).push(next.id);
  }
  return { ok: true, created, updated, version: 0 };
}

function rowProblems(base: CatalogBase, row: ImportRow, existing: Map<string, RegisteredSensor>): string[] {
  if (!row.sensor) return [];
  const errors = checkAlone(base, row.sensor, row.label);
  const known = existing.get(String(row.sensor.id));
  if (known?.status === 'decommissioned') errors.push(`${row.label}: sensor ${known.id} was decommissioned: ids are never reused`);
  else if (known && known.kind !== row.sensor.kind) errors.push(`${row.label}: sensor ${known.id} is a ${known.kind} sensor: kind cannot change`);
  return errors;
}

function markDuplicates(rows: ImportRow[], perRow: { label: string; errors: string[] }[]): void {
  const firstRow = new Map<string, string>();
  rows.forEach((row, i) => {
    const id = row.sensor?.id;
    if (typeof id !== 'string') return;
    const first = firstRow.get(id);
    if (first) perRow[i].errors.push(`${row.label}: id "${id}" is also in ${first}`);
    else firstRow.set(id, row.label);
  });
}

function refuse(errors: string[], rows: { label: string; errors: string[] }[]): ImportResult {
  return { ok: false, status: 400, errors, rows };
}
