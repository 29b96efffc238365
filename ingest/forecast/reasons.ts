import type { ForecastReason } from '../../src/lib/core/forecast';
import type { LevelHistory } from './history';

const MIN_MS = 60_000;
/** Changes smaller than this (cm) are not worth a sentence. */
const MIN_REASON_CM = 5;
/** Rain below this (mm/h) is not worth a sentence (BMKG "light" starts at 1 mm/h; 5 is "moderate"). */
const MIN_REASON_RAIN_MMH = 5;
/** The window over which an upstream rise is described ("rose 35 cm in the last 60 minutes") until a travel time is learned. */
const UPSTREAM_WINDOW_MIN = 60;
/** A learned travel time is used as the window within these bounds, rounded to 10 min. */
const MIN_WINDOW_MIN = 30;
const MAX_WINDOW_MIN = 240;
const TREND_WINDOW_MIN = 30;

interface Explained {
  history: LevelHistory;
  rain: LevelHistory | null;
  upstream: readonly { id: string; history: LevelHistory }[];
  travelTimeMin(u: number): number | null;
}

/** What stands behind a forecast, with numbers: upstream rises, rain, the gauge's own trend. */
export function explain(g: Explained, ts: number, level: number): ForecastReason[] {
  const out: ForecastReason[] = [];
  // an indexed loop, not forEach: explain runs for every reading of every gauge
  for (let i = 0; i < g.upstream.length; i++) {
    const u = g.upstream[i];
    // the rise over the last travel time is the water that arrives here within the next one
    const learned = g.travelTimeMin(i);
    const minutes = learned === null ? UPSTREAM_WINDOW_MIN : Math.min(MAX_WINDOW_MIN, Math.max(MIN_WINDOW_MIN, Math.round(learned / 10) * 10));
    const rise = u.history.lastLevel - u.history.at(ts - minutes * MIN_MS);
    if (Number.isFinite(rise) && Math.abs(rise) >= MIN_REASON_CM) out.push({ kind: 'upstream', sensorId: u.id, amount: round1(rise), minutes });
  }
  if (g.rain) {
    const r = g.rain.lastLevel;
    if (Number.isFinite(r) && r >= MIN_REASON_RAIN_MMH) out.push({ kind: 'rain', amount: round1(r), minutes: 0 });
  }
  const trend = level - g.history.at(ts - TREND_WINDOW_MIN * MIN_MS);
  if (Number.isFinite(trend) && Math.abs(trend) >= MIN_REASON_CM) out.push({ kind: 'trend', amount: round1(trend), minutes: TREND_WINDOW_MIN });
  return out;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
