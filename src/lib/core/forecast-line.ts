import type { Forecast, ForecastCrossing, ForecastPoint, ForecastReason } from './forecast';
import { FORECAST_HORIZONS_MIN } from './forecast';
import { isForecastReason } from './forecast-shape';
import { MEASUREMENTS } from './influx-config';
import { formatLine, type FieldValue } from './line-protocol';

/**
 * The stored form of a forecast (measurement `forecast`): the ingest writes it, the command center
 * reads it back, so the field names live here once. One point per gauge and issue time, so a
 * replayed journal overwrites instead of duplicating. Numbers are floats (no `i` suffix): a field's
 * type is fixed per shard, and a level that is whole today is fractional tomorrow.
 */
const MAX_REASONS_CHARS = 2_000;

export function forecastFields(f: Forecast): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = { level: f.levelCm };
  for (const p of f.points) {
    fields[`h${p.horizonMin}`] = p.levelCm;
    fields[`h${p.horizonMin}_low`] = p.lowCm;
    fields[`h${p.horizonMin}_high`] = p.highCm;
    if (p.skill !== undefined) fields[`h${p.horizonMin}_skill`] = p.skill;
  }
  if (f.crossing) {
    fields.crossing_level = f.crossing.level;
    fields.crossing_at = f.crossing.at;
    fields.crossing_earliest = f.crossing.earliest;
    if (f.crossing.latest !== null) fields.crossing_latest = f.crossing.latest;
  }
  fields.confidence = f.confidence;
  const reasons = JSON.stringify(f.reasons);
  if (f.reasons.length > 0 && reasons.length <= MAX_REASONS_CHARS) fields.reasons = reasons;
  return fields;
}

/** One line of measurement `forecast`, tags `sensor` and `district`, at the issue time. */
export function formatForecastLine(f: Forecast, district: string): string {
  return formatLine(MEASUREMENTS.forecast, { sensor: f.sensorId, district }, forecastFields(f), f.ts);
}

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function pointOf(row: Row, horizonMin: (typeof FORECAST_HORIZONS_MIN)[number], ts: number): ForecastPoint | null {
  const levelCm = num(row[`h${horizonMin}`]);
  if (levelCm === null) return null;
  const lowCm = num(row[`h${horizonMin}_low`]) ?? levelCm;
  const highCm = num(row[`h${horizonMin}_high`]) ?? levelCm;
  const skill = num(row[`h${horizonMin}_skill`]);
  const point: ForecastPoint = { horizonMin, at: ts + horizonMin * 60_000, levelCm, lowCm, highCm };
  if (skill !== null && skill <= 1) point.skill = skill; // 1 is perfect: above it is not a record
  return point;
}

function crossingOf(row: Row): ForecastCrossing | null {
  const level = num(row.crossing_level);
  const at = num(row.crossing_at);
  if (at === null || (level !== 1 && level !== 2 && level !== 3)) return null;
  return { level, at, earliest: num(row.crossing_earliest) ?? at, latest: num(row.crossing_latest) };
}

function reasonsOf(v: unknown): ForecastReason[] {
  if (typeof v !== 'string' || v.length > MAX_REASONS_CHARS) return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter(isForecastReason) : [];
  } catch {
    return []; // a damaged row still shows its levels
  }
}

/** A stored row (InfluxQL, epoch ms `time`) back to a Forecast; null when it has no level. */
export function forecastFromRow(sensorId: string, row: Row): Forecast | null {
  const ts = num(row.time);
  const levelCm = num(row.level);
  if (ts === null || levelCm === null) return null;
  const points: ForecastPoint[] = [];
  for (const h of FORECAST_HORIZONS_MIN) {
    const p = pointOf(row, h, ts);
    if (p) points.push(p);
  }
  const confidence = num(row.confidence) ?? 0;
  return { sensorId, ts, levelCm, points, crossing: crossingOf(row), reasons: reasonsOf(row.reasons), confidence };
}
