import { SENSOR_ID_PATTERN, type Catalog, type Sensor, type SensorKind } from '../core/sensor';

/** More lines than this on one chart stop being readable (and each costs a history query). */
export const MAX_COMPARE_SENSORS = 6;

/**
 * Line styles for compared sensors: Okabe–Ito colours (told apart with the common colour-vision
 * deficiencies; the dark blue is left out, it vanishes on the dark panel) and, so that no one
 * depends on colour alone, a different dash pattern for each.
 */
export const SERIES_STYLES: readonly { color: string; dash: string }[] = [
  { color: '#E69F00', dash: '' },
  { color: '#56B4E9', dash: '10 5' },
  { color: '#009E73', dash: '2 4' },
  { color: '#F0E442', dash: '14 4 3 4' },
  { color: '#D55E00', dash: '6 3 6 9' },
  { color: '#CC79A7', dash: '1 3 6 3' }
];

export type CompareSelection =
  | { ok: true; kind: SensorKind; sensors: Sensor[] }
  | { ok: false; reason: 'none' | 'unknown' | 'mixed' | 'tooMany'; ids: string[] };

/** The ids of `?ids=a,b,c` in the order given, blanks and duplicates dropped. */
export function compareIds(raw: string | null): string[] {
  return [...new Set((raw ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
}

/**
 * The ids of `?ids=` whose histories are worth asking for: none when there are too many (the page refuses the
 * whole choice), else those shaped like a sensor id. Any other can name no sensor: the history API would only
 * refuse it, and the page lists it as unknown (parseCompareIds) without asking.
 */
export function historyIds(raw: string | null): string[] {
  const ids = compareIds(raw);
  return ids.length > MAX_COMPARE_SENSORS ? [] : ids.filter((id) => SENSOR_ID_PATTERN.test(id));
}

/** The sensors of `?ids=a,b,c`: known, one kind, at most MAX_COMPARE_SENSORS; duplicates ignored. */
export function parseCompareIds(raw: string | null, catalog: Catalog): CompareSelection {
  const ids = compareIds(raw);
  if (ids.length === 0) return { ok: false, reason: 'none', ids };
  if (ids.length > MAX_COMPARE_SENSORS) return { ok: false, reason: 'tooMany', ids };
  const byId = new Map(catalog.sensors.map((s) => [s.id, s]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) return { ok: false, reason: 'unknown', ids: unknown };
  const sensors = ids.map((id) => byId.get(id)!);
  const kind = sensors[0].kind;
  if (sensors.some((s) => s.kind !== kind)) return { ok: false, reason: 'mixed', ids };
  return { ok: true, kind, sensors };
}

/** The `?ids=` value with `id` added (or removed), keeping the order the person chose. */
export function formatCompareIds(ids: readonly string[], change: { add?: string; remove?: string }): string {
  const next = ids.filter((id) => id !== change.remove && id !== change.add);
  if (change.add) next.push(change.add);
  return next.join(',');
}

/** Same-kind sensors not on the chart yet, nearest to the first one first (neighbours are compared most). */
export function compareCandidates(selected: readonly Sensor[], catalog: Catalog): Sensor[] {
  const first = selected[0];
  if (!first || selected.length >= MAX_COMPARE_SENSORS) return [];
  const chosen = new Set(selected.map((s) => s.id));
  const d2 = (s: Sensor) => (s.lat - first.lat) ** 2 + (s.lon - first.lon) ** 2;
  return catalog.sensors.filter((s) => s.kind === first.kind && !chosen.has(s.id)).sort((a, b) => d2(a) - d2(b));
}
