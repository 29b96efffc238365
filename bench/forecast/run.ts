/** Runs the ingest's own forecaster (ingest/forecast) over a benchmark network, readings interleaved in time order. */
import { createRiverForecaster, type ForecastGauge, type ForecasterOptions } from '../../ingest/forecast/index';
import type { Network, Series } from './data';
import type { StationRows } from './baselines';

/** Siaga 2 and 1 above warn_cm, as bench:rivers builds them (the convention). */
const SIAGA2_ABOVE_WARN_CM = 40;
const SIAGA1_ABOVE_WARN_CM = 80;


/**
 * The network as the ingest would see it: upstream = the next station up by `order` (the catalog's
 * one downstream link per gauge; the forecaster follows the chain further up itself), Siaga 3 = warn_cm.
 */
export function gaugesOfNetwork(net: Network): ForecastGauge[] {
  const byOrder = [...net.stations].sort((a, b) => a.order - b.order);
  return byOrder.map((s, i) => ({
    id: s.id,
    upstream: i > 0 ? [byOrder[i - 1].id] : [],
    thresholds: s.warnCm === null ? undefined : { siaga3: s.warnCm, siaga2: s.warnCm + SIAGA2_ABOVE_WARN_CM, siaga1: s.warnCm + SIAGA1_ABOVE_WARN_CM },
    intervalS: 600
  }));
}

export interface RunStats {
  readings: number;
  cpuMs: number;
  stateBytes: number;
  gauges: number;
  /** Per horizon (30, 60, 120): forecasts whose outcome is known, and how many fell inside the band. */
  bandTotal: number[];
  bandInside: number[];
}

/** How many known outcomes fell inside the forecast band, per horizon. */
function bandCoverage(series: readonly Series[], bands: readonly Float64Array[]): { total: number[]; inside: number[] } {
  const [total, inside] = [[0, 0, 0], [0, 0, 0]];
  series.forEach((s, j) => {
    const y = new Map(s.ts.map((t, k) => [t, s.level[k]]));
    s.ts.forEach((t, k) => {
      [30, 60, 120].forEach((h, i) => {
        const [lo, hi, actual] = [bands[j][k * 6 + 2 * i], bands[j][k * 6 + 2 * i + 1], y.get(t + h * 60)];
        if (actual === undefined || Number.isNaN(lo)) return;
        total[i]++;
        if (actual >= lo && actual <= hi) inside[i]++;
      });
    });
  });
  return { total, inside };
}

/**
 * Our forecasts for every reading of every station (rows aligned with `series`); readings before
 * `fromS` are learned from but get no forecast row, and readings before `startS` are not seen at all.
 */
/**
 * How old the gauge's last forecast may be to stand for a held reading. Measured on the split: none
 * (persistence for every held reading) h60 event skill 0.544 → 0.528; 30 min 0.544, CSI h60 0.416 →
 * 0.417, false alarms h60 162 → 161 (68 rows wrote a forecast from before a gauge's silence, 4 of
 * them days old).
 */
const STALE_FORECAST_MS = 30 * 60_000;

export function runOurs(
  net: Network,
  series: readonly Series[],
  options: Partial<ForecasterOptions> = {},
  startS = -Infinity,
  fromS = -Infinity
): { rows: StationRows[]; stats: RunStats; lastSkill60: (number | null)[] } {
  const f = createRiverForecaster(gaugesOfNetwork(net), options);
  const events: [number, number, number][] = [];
  series.forEach((s, j) => s.ts.forEach((t, k) => t >= startS && events.push([t, net.stations[j].order, j * 1e7 + k])));
  // same timestamp: upstream first (its reading at t is known at t)
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rows: StationRows[] = series.map((s) => s.ts.map(() => [null, null, null]));
  const bands = series.map((s) => new Float64Array(s.ts.length * 6).fill(Number.NaN));
  // each gauge's own 60-min track record as its last forecast states it
  const lastSkill60: (number | null)[] = series.map(() => null);
  const t0 = performance.now();
  for (const [t, , code] of events) {
    const [j, k] = [Math.floor(code / 1e7), code % 1e7];
    const fc = f.observe(net.stations[j].id, t * 1000, series[j].level[k]);
    // A held reading (glitch filter) gets no forecast of its own: the gauge's last one stands for it
    // only while it is still about now, not one issued before days offline (scored as false alarms).
    if (!fc || t < fromS || t * 1000 - fc.ts > STALE_FORECAST_MS) continue;
    rows[j][k] = fc.points.map((p) => p.levelCm);
    lastSkill60[j] = fc.points.find((p) => p.horizonMin === 60)?.skill ?? null;
    fc.points.forEach((p, i) => bands[j].set([p.lowCm, p.highCm], k * 6 + 2 * i));
  }
  const cpuMs = performance.now() - t0;
  const band = bandCoverage(series, bands);
  return {
    rows,
    stats: { readings: events.length, cpuMs, stateBytes: f.stateBytes(), gauges: net.stations.length, bandTotal: band.total, bandInside: band.inside },
    lastSkill60
  };
}
