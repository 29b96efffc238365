/**
 * Bulk import files → rows of candidate sensors. Pure. Only the shape of the file is read here
 * (columns, numbers, geometry); what makes a sensor valid is the catalog schema's job, afterwards.
 *
 * CSV (RFC 4180, header row, comma separated, `"` quoting):
 *   id,kind,name,district,lat,lon,intervalS[,siaga3,siaga2,siaga1][,freeFlowKmh,capacityVehH][,downstream][,note]
 *   `downstream` lists sensor ids separated by `;` or spaces.
 * GeoJSON: a FeatureCollection of Point features ([lon, lat]); properties as the CSV columns, or
 * `flood` / `traffic` objects and a `downstream` array as in the catalog file.
 */
import type { ImportRow } from './store-import';
import { MAX_PROBLEMS } from '../../schemas/issues';
import { say, sayWith } from '../../schemas/reason';

export const MAX_IMPORT_BYTES = 5_000_000;
export const CSV_COLUMNS = ['id', 'kind', 'name', 'district', 'lat', 'lon', 'intervalS', 'siaga3', 'siaga2', 'siaga1', 'freeFlowKmh', 'capacityVehH', 'downstream', 'note'] as const;
const REQUIRED_COLUMNS = ['id', 'kind', 'name', 'district', 'lat', 'lon', 'intervalS'];
const NUMBER_KEYS = new Set(['lat', 'lon', 'intervalS', 'siaga3', 'siaga2', 'siaga1', 'freeFlowKmh', 'capacityVehH']);

export type ParsedFile = { ok: true; rows: ImportRow[] } | { ok: false; errors: string[] };

/** Splits CSV text into records of fields; quoted fields may hold commas, quotes ("") and newlines. */
export function splitCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field), records.push(record), (field = ''), (record = []);
    } else field += c;
  }
  if (field !== '' || record.length > 0) record.push(field), records.push(record);
  return records.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

export function parseCsvImport(text: string): ParsedFile {
  const [header, ...records] = splitCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return { ok: false, errors: [say('fileEmpty')] };
  const columns = header.map((h) => h.trim());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    // past MAX_PROBLEMS unknown columns are counted, not worded: a header of thousands made as many messages, pushing the
    // first ones out of what sayWith remembers (shown in English in /audit)
    const worded = unknown.slice(0, MAX_PROBLEMS).map((c) => sayWith('unknownColumn', { column: c.slice(0, 40) }));
    const more = unknown.length > MAX_PROBLEMS ? [sayWith('moreProblems', { count: unknown.length - MAX_PROBLEMS })] : [];
    const errors = [...worded, ...more, ...missing.map((c) => say('missingColumn', { column: c }))];
    return { ok: false, errors: [...errors, say('columnsAre', { columns: CSV_COLUMNS.join(', ') })] };
  }
  const rows = records.map((fields, i) => {
    const label = `row ${i + 2}`;
    if (fields.length !== columns.length) return { label, errors: [`${label}: ${fields.length} fields, the header has ${columns.length}`] };
    const values: Record<string, string> = {};
    columns.forEach((c, j) => (values[c] = fields[j].trim()));
    return toRow(label, values);
  });
  return { ok: true, rows };
}

/** One flat record (CSV fields, or GeoJSON properties) → a candidate sensor in catalog form. */
function toRow(label: string, values: Record<string, unknown>): ImportRow {
  const errors: string[] = [];
  const flat: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(values)) {
    if (raw === '' || raw === null || raw === undefined) continue;
    if (NUMBER_KEYS.has(k) && typeof raw === 'string') {
      const n = Number(raw);
      if (!Number.isFinite(n)) errors.push(`${label}: ${k} must be a number, got "${raw.slice(0, 40)}"`);
      flat[k] = n;
    } else flat[k] = raw;
  }
  const { siaga3, siaga2, siaga1, freeFlowKmh, capacityVehH, downstream, ...sensor } = flat;
  if (siaga3 !== undefined || siaga2 !== undefined || siaga1 !== undefined) sensor.flood = { siaga3, siaga2, siaga1 };
  if (freeFlowKmh !== undefined || capacityVehH !== undefined) sensor.traffic = { freeFlowKmh, capacityVehH };
  if (typeof downstream === 'string') sensor.downstream = downstream.split(/[;\s]+/).filter(Boolean);
  else if (downstream !== undefined) sensor.downstream = downstream;
  return errors.length > 0 ? { label, errors } : { label, sensor, errors: [] };
}

export function parseGeoJsonImport(text: string): ParsedFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [sayWith('fileNotJson', { error: (err as Error).message.slice(0, 120) })] };
  }
  const fc = json as { type?: unknown; features?: unknown };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) return { ok: false, errors: [say('featureCollection')] };
  return { ok: true, rows: fc.features.map((f: unknown, i: number) => featureRow(f, `feature ${i + 1}`)) };
}

function featureRow(f: unknown, label: string): ImportRow {
  const feature = f as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
  if (!feature || feature.type !== 'Feature') return { label, errors: [`${label}: not a GeoJSON Feature`] };
  const coords = feature.geometry?.coordinates;
  if (feature.geometry?.type !== 'Point' || !Array.isArray(coords) || coords.length < 2) return { label, errors: [`${label}: geometry must be a Point [lon, lat]`] };
  const props = feature.properties;
  if (!props || typeof props !== 'object' || Array.isArray(props)) return { label, errors: [`${label}: properties must be an object`] };
  const { flood, traffic, ...rest } = props as Record<string, unknown>;
  const row = toRow(label, { ...rest, lon: coords[0], lat: coords[1] });
  if (row.sensor && flood !== undefined) row.sensor.flood = flood;
  if (row.sensor && traffic !== undefined) row.sensor.traffic = traffic;
  return row;
}
