import type { Forecast, ForecastCrossing, ForecastPoint, ForecastReason } from './forecast';
import { FORECAST_HORIZONS_MIN } from './forecast';
import type { LiveReading } from './reading';
import { SENSOR_ID_PATTERN } from './sensor';

/**
 * Shape checks for a forecast that arrives from outside the process (a live batch over MQTT, a
 * stored row's reasons): what reaches every browser and every chart must be what the contract says.
 * Bounded so a junk publisher cannot make one forecast expensive to check or to draw.
 */
const MAX_REASONS = 8;
const REASON_KINDS = new Set(['upstream', 'rain', 'trend']);
const HORIZONS = new Set<number>(FORECAST_HORIZONS_MIN);

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function isForecastReason(x: unknown): x is ForecastReason {
  const r = x as ForecastReason;
  if (!r || typeof r !== 'object' || !REASON_KINDS.has(r.kind)) return false;
  if (!finite(r.amount) || !finite(r.minutes)) return false;
  return r.sensorId === undefined || (typeof r.sensorId === 'string' && SENSOR_ID_PATTERN.test(r.sensorId));
}

function isPoint(x: unknown): x is ForecastPoint {
  const p = x as ForecastPoint;
  if (!p || typeof p !== 'object' || !HORIZONS.has(p.horizonMin)) return false;
  return finite(p.at) && finite(p.levelCm) && finite(p.lowCm) && finite(p.highCm) && (p.skill === undefined || (finite(p.skill) && p.skill <= 1));
}

function isCrossing(x: unknown): x is ForecastCrossing {
  const c = x as ForecastCrossing;
  if (!c || typeof c !== 'object' || (c.level !== 1 && c.level !== 2 && c.level !== 3)) return false;
  return finite(c.at) && finite(c.earliest) && (c.latest === null || finite(c.latest));
}

export function isForecast(x: unknown): x is Forecast {
  const f = x as Forecast;
  if (!f || typeof f !== 'object' || typeof f.sensorId !== 'string' || !SENSOR_ID_PATTERN.test(f.sensorId)) return false;
  if (!finite(f.ts) || !finite(f.levelCm) || !finite(f.confidence)) return false;
  if (!Array.isArray(f.points) || f.points.length > FORECAST_HORIZONS_MIN.length || !f.points.every(isPoint)) return false;
  if (f.crossing !== null && !isCrossing(f.crossing)) return false;
  return Array.isArray(f.reasons) && f.reasons.length <= MAX_REASONS && f.reasons.every(isForecastReason);
}

/**
 * Removes a live reading's forecast unless it is one (the contract's shape) of the same gauge; the
 * reading itself stays good. True when one was removed, for the caller's count of junk.
 */
export function dropBadForecast(r: LiveReading): boolean {
  if (r.forecast === undefined) return false;
  if (isForecast(r.forecast) && r.forecast.sensorId === r.sensorId) return false;
  delete r.forecast;
  return true;
}
