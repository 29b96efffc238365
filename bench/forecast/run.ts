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
}

/**
 * Our forecasts for every reading of every station (rows aligned with `series`); readings before
 * `fromS` are learned from but get no forecast row, and readings before `startS` are not seen at all.
 */
export function runOurs(net: Network, series: readonly Series[], options: Partial<ForecasterOptions> = {}, startS = -Infinity, fromS = -Infinity): { rows: StationRows[]; stats: RunStats } {
  const f = createRiverForecaster(gaugesOfNetwork(net), options);
  const events: [number, number, number][] = [];
  series.forEach((s, j) => s.ts.forEach((t, k) => t >= startS && events.push([t, net.stations[j].order, j * 1e7 + k])));
  // same timestamp: upstream first (its reading at t is known at t)
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rows: StationRows[] = series.map((s) => s.ts.map(() => [null, null, null]));
  const t0 = performance.now();
  for (const [t, , code] of events) {
    const [j, k] = [Math.floor(code / 1e7), code % 1e7];
    const fc = f.observe(net.stations[j].id, t * 1000, series[j].level[k]);
    if (fc && t >= fromS) rows[j][k] = fc.points.map((p) => p.levelCm);
  }
  const cpuMs = performance.now() - t0;
  return { rows, stats: { readings: events.length, cpuMs, stateBytes: f.stateBytes(), gauges: net.stations.length } };
}
