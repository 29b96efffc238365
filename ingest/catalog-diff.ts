/**
 * What changed between two catalogs, sensor by sensor: the running ingest applies a new registry
 * version from it (engine.applyCatalog) instead of rebuilding, so the detectors of sensors the
 * change does not touch keep what they learned. Pure: no clock, no I/O.
 */
import type { Catalog, Sensor } from '../src/lib/core/sensor';

/**
 * The parts of a sensor a rule may depend on. `links`: its downstream list or the gauges listing it
 * changed, or a linked gauge (either direction) changed its Siaga levels or name: rules hold those too.
 */
export type SensorAspect = 'thresholds' | 'traffic' | 'links' | 'interval' | 'name' | 'place' | 'other';

export interface SensorChange {
  sensor: Sensor;
  aspects: SensorAspect[];
}

export interface CatalogDiff {
  added: Sensor[];
  /** Ids no longer in the catalog (decommissioned, or a kind change: removed and added again). */
  removed: string[];
  changed: SensorChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const KNOWN = new Set(['id', 'kind', 'name', 'district', 'lat', 'lon', 'intervalS', 'flood', 'traffic', 'downstream']);

/** The sensor's own aspects that differ (links of neighbours are added by diffCatalogs). */
export function changedAspects(before: Sensor, after: Sensor): SensorAspect[] {
  const out: SensorAspect[] = [];
  if (!same(before.flood, after.flood)) out.push('thresholds');
  if (!same(before.traffic, after.traffic)) out.push('traffic');
  if (!same(before.downstream ?? [], after.downstream ?? [])) out.push('links');
  if (before.intervalS !== after.intervalS) out.push('interval');
  if (before.name !== after.name || before.district !== after.district) out.push('name');
  if (before.lat !== after.lat || before.lon !== after.lon) out.push('place');
  const extra = (s: Sensor) => Object.entries(s).filter(([k]) => !KNOWN.has(k)).sort(([a], [b]) => (a < b ? -1 : 1));
  if (!same(extra(before), extra(after))) out.push('other');
  return out;
}

/** Sensor id → ids linked to it in either direction (its downstream list and the gauges listing it). */
function neighbours(catalog: Catalog): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const link = (a: string, b: string) => out.set(a, (out.get(a) ?? new Set()).add(b));
  for (const s of catalog.sensors) for (const d of s.downstream ?? []) [link(s.id, d), link(d, s.id)];
  return out;
}

/** Sensor id → the sorted ids of the gauges that list it as downstream. */
function upstreamSets(catalog: Catalog): Map<string, string> {
  const ups = new Map<string, string[]>();
  for (const s of catalog.sensors) for (const d of s.downstream ?? []) ups.set(d, [...(ups.get(d) ?? []), s.id]);
  return new Map([...ups].map(([id, list]) => [id, list.sort().join(' ')]));
}

export function diffCatalogs(prev: Catalog, next: Catalog): CatalogDiff {
  const before = new Map(prev.sensors.map((s) => [s.id, s]));
  const after = new Map(next.sensors.map((s) => [s.id, s]));
  const kept = (id: string) => before.has(id) && after.get(id)?.kind === before.get(id)!.kind;
  const removed = prev.sensors.filter((s) => !kept(s.id)).map((s) => s.id);
  const added = next.sensors.filter((s) => !kept(s.id));
  const aspects = new Map<string, Set<SensorAspect>>();
  const mark = (id: string, a: SensorAspect) => aspects.set(id, (aspects.get(id) ?? new Set()).add(a));
  const [upPrev, upNext] = [upstreamSets(prev), upstreamSets(next)];
  for (const s of next.sensors) {
    if (!kept(s.id)) continue;
    for (const a of changedAspects(before.get(s.id)!, s)) mark(s.id, a);
    if ((upPrev.get(s.id) ?? '') !== (upNext.get(s.id) ?? '')) mark(s.id, 'links');
  }
  // Rules hold their linked gauges (Siaga levels, names): a change there is a change of links here.
  const [nPrev, nNext] = [neighbours(prev), neighbours(next)];
  for (const [id, a] of [...aspects]) {
    if (!a.has('thresholds') && !a.has('name')) continue;
    for (const n of [...(nPrev.get(id) ?? []), ...(nNext.get(id) ?? [])]) if (kept(n)) mark(n, 'links');
  }
  const changed = next.sensors.filter((s) => aspects.has(s.id)).map((s) => ({ sensor: s, aspects: [...aspects.get(s.id)!].sort() }));
  return { added, removed, changed };
}

export const isEmptyDiff = (d: CatalogDiff) => d.added.length + d.removed.length + d.changed.length === 0;

/** "1 changed (sam-flood-03 thresholds), 0 added, 0 removed": at most `max` sensors named per list. */
export function describeDiff(d: CatalogDiff, max = 10): string {
  const list = (items: string[]) => (items.length === 0 ? '' : ` (${items.slice(0, max).join(', ')}${items.length > max ? `, … ${items.length - max} more` : ''})`);
  return [
    `${d.changed.length} changed${list(d.changed.map((c) => `${c.sensor.id} ${c.aspects.join('+')}`))}`,
    `${d.added.length} added${list(d.added.map((s) => s.id))}`,
    `${d.removed.length} removed${list(d.removed)}`
  ].join(', ');
}
