/**
 * Sensor faults injected into a real gauge's readings, seeded and labelled, for bench:rivers-faults:
 * the kinds of fault a field gauge shows (a frozen logger, a dropout to 0 or to a sentinel, a datum
 * change after recalibration, a burst of spikes, a reconfigured reporting interval, days offline, a
 * logger failing to an in-range sentinel above the Siaga levels), short and long. A fault never edits the clean gauge: it returns a copy and what it did.
 */
import { SIAGA1_ABOVE_CM, type Gauge } from '../rivers/data';

export const FAULT_KINDS = [
  'stuck-6h',
  'stuck-3d',
  'zero-2h',
  'negative-forever',
  'offset-up',
  'offset-down',
  'spike-burst',
  'interval-1min',
  'interval-60min',
  'gap-2d',
  // appended: the kinds before keep their seeds (rivers-faults.ts seeds by a kind's index)
  'sentinel-high-1h',
  'sentinel-high-forever'
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What was done to a gauge: the readings in [startMs, endMs) are faulty; endMs Infinity = never recovers. */
export interface FaultLabel {
  kind: FaultKind;
  gaugeId: string;
  startMs: number;
  endMs: number;
  /**
   * Added to the true level from startMs on as the gauge's new truth (a datum step: what the gauge
   * reads from then on is right on its new datum, and a forecaster should follow it); 0 otherwise.
   */
  truthShiftCm: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A logger's "no value" sentinel as some gauges send it. */
export const NEGATIVE_SENTINEL_CM = -999;

/**
 * A logger's error value that the ingest takes (in the physical range, up to 3000 cm) and that reads above the gauge's
 * Siaga 1 (warn_cm + 80 cm): 999 cm where that is above it, else 2999 cm. The datum-step hold of a jump up ends after
 * 30 min, and sensor_stuck needs 120 equal readings: the sentinel reads as a flood in between.
 */
export function highSentinelCm(g: Gauge): number {
  return g.warnCm !== null && g.warnCm + SIAGA1_ABOVE_CM >= 999 ? 2999 : 999;
}

type Rand = () => number;

/** A copy of `g` with its readings in [from, to) replaced by `fn(level, ts, i)`; NaN drops a reading. */
function mapWindow(g: Gauge, from: number, to: number, fn: (level: number, ts: number, i: number) => number): Gauge {
  const ts: number[] = [];
  const level: number[] = [];
  for (let i = 0; i < g.ts.length; i++) {
    const inside = g.ts[i] >= from && g.ts[i] < to;
    const v = inside ? fn(g.level[i], g.ts[i], i) : g.level[i];
    if (Number.isNaN(v)) continue;
    ts.push(g.ts[i]);
    level.push(v);
  }
  return { ...g, ts: Float64Array.from(ts), level: Float64Array.from(level) };
}

/** The last reading before `t` (the value a frozen logger keeps sending); the first one if none. */
function levelBefore(g: Gauge, t: number): number {
  let v = g.level[0];
  for (let i = 0; i < g.ts.length && g.ts[i] < t; i++) v = g.level[i];
  return v;
}

/** The gauge read every `stepMs` from `from` on: linear between its real readings (a logger reconfigured). */
function resample(g: Gauge, from: number, stepMs: number): Gauge {
  const ts: number[] = [];
  const level: number[] = [];
  let i = 0;
  for (; i < g.ts.length && g.ts[i] < from; i++) {
    ts.push(g.ts[i]);
    level.push(g.level[i]);
  }
  for (let t = from; i < g.ts.length && t <= g.ts[g.ts.length - 1]; t += stepMs) {
    while (i + 1 < g.ts.length && g.ts[i + 1] <= t) i++;
    const [t0, t1] = [g.ts[i], g.ts[Math.min(i + 1, g.ts.length - 1)]];
    // no reading made up across a real gap of the gauge (over an hour between its readings)
    if (t < t0 || t1 - t0 > HOUR_MS) continue;
    const f = t1 > t0 ? (t - t0) / (t1 - t0) : 0;
    ts.push(t);
    // in whole mm, as a gauge reports
    level.push(Math.round(10 * (g.level[i] + f * (g.level[Math.min(i + 1, g.ts.length - 1)] - g.level[i]))) / 10);
  }
  return { ...g, ts: Float64Array.from(ts), level: Float64Array.from(level) };
}

/** Injects one fault of `kind` at `startMs` into a copy of `g`. */
export function injectFault(g: Gauge, kind: FaultKind, startMs: number, rand: Rand): { gauge: Gauge; label: FaultLabel } {
  const label = (endMs: number, truthShiftCm = 0): FaultLabel => ({ kind, gaugeId: g.id, startMs, endMs, truthShiftCm });
  const end = (ms: number) => startMs + ms;
  switch (kind) {
    case 'stuck-6h':
    case 'stuck-3d': {
      const to = end(kind === 'stuck-6h' ? 6 * HOUR_MS : 3 * DAY_MS);
      const frozen = levelBefore(g, startMs);
      return { gauge: mapWindow(g, startMs, to, () => frozen), label: label(to) };
    }
    case 'zero-2h':
      return { gauge: mapWindow(g, startMs, end(2 * HOUR_MS), () => 0), label: label(end(2 * HOUR_MS)) };
    case 'negative-forever':
      return { gauge: mapWindow(g, startMs, Infinity, () => NEGATIVE_SENTINEL_CM), label: label(Infinity) };
    case 'offset-up':
    case 'offset-down': {
      const shift = (kind === 'offset-up' ? 1 : -1) * Math.round(50 + 100 * rand());
      return { gauge: mapWindow(g, startMs, Infinity, (v) => v + shift), label: label(Infinity, shift) };
    }
    case 'spike-burst': {
      // every other reading of 2 h thrown 50–300 cm either way
      const to = end(2 * HOUR_MS);
      return { gauge: mapWindow(g, startMs, to, (v, _t, i) => (i % 2 ? v : v + (rand() < 0.5 ? -1 : 1) * (50 + 250 * rand()))), label: label(to) };
    }
    case 'interval-1min':
    case 'interval-60min':
      // not a fault of the values: what a rule or the forecaster makes of a changed cadence
      return { gauge: resample(g, startMs, kind === 'interval-1min' ? 60_000 : HOUR_MS), label: label(startMs) };
    case 'gap-2d':
      return { gauge: mapWindow(g, startMs, end(2 * DAY_MS), () => Number.NaN), label: label(end(2 * DAY_MS)) };
    case 'sentinel-high-1h':
    case 'sentinel-high-forever': {
      // one that clears by itself (a logger's reboot), and one that stays until someone comes
      const to = kind === 'sentinel-high-1h' ? end(HOUR_MS) : Infinity;
      const sentinel = highSentinelCm(g);
      return { gauge: mapWindow(g, startMs, to, () => sentinel), label: label(to) };
    }
  }
}

/** A fault's start: a reading time between 3 days in and 5 days before the gauge's end (room to learn, and to recover). */
export function faultStart(g: Gauge, rand: Rand): number {
  const [first, last] = [g.ts[0], g.ts[g.ts.length - 1]];
  const t = first + 3 * DAY_MS + rand() * Math.max(0, last - first - 8 * DAY_MS);
  return g.ts.find((x) => x >= t) ?? t;
}

/**
 * Where a fault starts (--at): `any` time (faultStart), or during a `flood`: at a reading where the clean gauge stands at
 * or above its warn_cm (Siaga 3), what a fault at a random time rarely hits, and where it can clear a flood alert.
 */
export const FAULT_PLACEMENTS = ['any', 'flood'] as const;
export type FaultPlacement = (typeof FAULT_PLACEMENTS)[number];

/** Readings of `g` where a flood-placed fault may start: at or above warn_cm, at least 3 days in (room to learn). */
export function floodReadings(g: Gauge): number[] {
  const out: number[] = [];
  if (g.warnCm === null || g.ts.length === 0) return out;
  for (let i = 0; i < g.ts.length; i++) if (g.ts[i] >= g.ts[0] + 3 * DAY_MS && g.level[i] >= g.warnCm) out.push(g.ts[i]);
  return out;
}

/** A flood-placed fault's start: one of floodReadings(g), uniformly; null when the gauge has none. */
export function faultStartInFlood(g: Gauge, rand: Rand): number | null {
  const at = floodReadings(g);
  return at.length === 0 ? null : at[Math.min(at.length - 1, Math.floor(rand() * at.length))];
}
