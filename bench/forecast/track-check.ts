/**
 * Does the track record each gauge states (the 60-min point's `skill`, ingest/forecast/track-record.ts)
 * tell the truth? Compared, gauge by gauge, with the event skill this benchmark's scorer measures for
 * the same gauge over the whole run. The record halves each moment's weight every week, but a flood
 * has many more moving-water moments than a quiet week, so it weighs in for weeks: against the last
 * 7 days alone the two agree less (r 0.51 on the shared split, against 0.88 over the month).
 */
import type { StationRows } from './baselines';
import type { Series, StationForecasts } from './data';
import { ForecastScorer } from './score';

export interface TrackCheckGauge {
  series: Series;
  rows: StationRows;
  /** The record the gauge's last forecast stated (null: too few moves yet). */
  stated: number | null;
}

export interface TrackCheck {
  gauges: number;
  /** Gauges with a stated record and a measured skill (≥ 20 moving-water times). */
  compared: number;
  pearson: number | null;
  meanAbsDiff: number | null;
}

/** The scorer's h60 event skill of one gauge over the run; null with fewer than 20 moving-water times. */
function measuredSkill(s: Series, rows: StationRows): number | null {
  const fc: StationForecasts = new Map();
  s.ts.forEach((t, k) => {
    if (rows[k][1] !== null) fc.set(t, { 60: rows[k][1] as number });
  });
  const sc = new ForecastScorer();
  sc.add(s, fc, null);
  return sc.result().stationMedianEvent[60];
}

export function checkTrackRecords(gauges: readonly TrackCheckGauge[]): TrackCheck {
  return checkTrackPairs(gauges.map(trackPair), gauges.length);
}

/** A gauge's stated record and its skill measured over the run; null when either is missing. */
export function trackPair(g: TrackCheckGauge): [number, number] | null {
  if (g.stated === null || g.series.ts.length === 0) return null;
  const measured = measuredSkill(g.series, g.rows);
  return measured === null ? null : [g.stated, measured];
}

/** The check over gauges' pairs (trackPair), so a run can keep two numbers per gauge rather than its series. */
export function checkTrackPairs(all: readonly ([number, number] | null)[], gaugeCount: number): TrackCheck {
  const pairs = all.filter((p): p is [number, number] => p !== null);
  if (pairs.length === 0) return { gauges: gaugeCount, compared: 0, pearson: null, meanAbsDiff: null };
  const mean = (k: 0 | 1) => pairs.reduce((a, p) => a + p[k], 0) / pairs.length;
  const [mx, my] = [mean(0), mean(1)];
  let [sxy, sxx, syy, diff] = [0, 0, 0, 0];
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
    diff += Math.abs(x - y);
  }
  const pearson = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
  return { gauges: gaugeCount, compared: pairs.length, pearson, meanAbsDiff: diff / pairs.length };
}

export function trackCheckLine(c: TrackCheck): string {
  const r = c.pearson === null ? '–' : c.pearson.toFixed(2);
  const d = c.meanAbsDiff === null ? '–' : c.meanAbsDiff.toFixed(3);
  return `track record (60 min) each gauge states at the end against its event skill measured over the run: ${c.compared} of ${c.gauges} gauges compared, Pearson r ${r}, mean |difference| ${d}`;
}
