import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { nextThreshold, siagaLevel } from '../../src/lib/core/flood-levels';
import type { Sensor } from '../../src/lib/core/sensor';
import { alertLevelOfSiaga, siagaThresholdCm } from './flood-level';
import { BYTES_PER_OBJECT, createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { formatNumber } from './texts';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_RATE_OF_RISE = quietFinding('rate_of_rise', 'emergency');

export interface RateOfRiseOptions {
  /** Rise (cm/h) at or above which the river counts as rising fast. */
  minRateCmPerH: number;
  /** Fire only when the next Siaga threshold is forecast within this many minutes. */
  horizonMin: number;
  /** Regression window: the last windowMs of readings, at most maxPoints of them. */
  windowMs: number;
  maxPoints: number;
  /** Fewer points or a shorter span than this gives no rate (too noisy to act on). */
  minPoints: number;
  minSpanMs: number;
}

export const RATE_OF_RISE_DEFAULTS: Readonly<RateOfRiseOptions> = Object.freeze({
  minRateCmPerH: 5,
  horizonMin: 120,
  windowMs: 30 * 60_000,
  maxPoints: 32,
  minPoints: 4,
  minSpanMs: 10 * 60_000
});

const S_PER_H = 3_600;

/**
 * Robust slope (units per time unit of `ts`) of points sorted by time: the median of the slopes between each
 * point and the one half a window later. Like Theil–Sen it shrugs off a few bad points (a
 * spike moves at most a quarter of the pair slopes) but costs O(n log n) on n/2 pairs instead of
 * n²/2, which matters at one call per gauge reading. Null with fewer than two points.
 */
export function robustSlope(ts: ArrayLike<number>, vs: ArrayLike<number>, n: number): number | null {
  if (n < 2) return null;
  const h = Math.max(1, Math.floor(n / 2));
  // One scratch array for every call (single-threaded, synchronous): no allocation per reading.
  if (slopeScratch.length < n) slopeScratch = new Float64Array(n);
  let count = 0;
  for (let i = 0; i + h < n; i++) {
    const dt = ts[i + h] - ts[i];
    if (dt > 0) slopeScratch[count++] = (vs[i + h] - vs[i]) / dt;
  }
  if (count === 0) return null;
  // Insertion sort: at most maxPoints / 2 slopes, already nearly sorted on a steady river.
  const slopes = slopeScratch;
  for (let i = 1; i < count; i++) {
    const x = slopes[i];
    let j = i - 1;
    while (j >= 0 && slopes[j] > x) slopes[j + 1] = slopes[j--];
    slopes[j + 1] = x;
  }
  const m = count >> 1;
  return count % 2 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2;
}
let slopeScratch = new Float64Array(64);

/** A bounded window of (time, value) points, oldest first, for the regression. */
export interface PointWindow {
  push(ts: number, value: number): boolean;
  /** Rate in units per hour over the window, with the number of points and span used. */
  rate(): { perHour: number; points: number; spanMs: number } | null;
  readonly bytes: number;
}

export function createPointWindow(windowMs: number, maxPoints: number): PointWindow {
  // Times as whole seconds since the first point (Int32: 68 years), values as Float32 (0.01 cm
  // at 1,000 cm): half the bytes of two Float64 arrays, in one buffer.
  const buf = new ArrayBuffer(8 * maxPoints);
  const ts = new Int32Array(buf, 0, maxPoints);
  const vs = new Float32Array(buf, 4 * maxPoints, maxPoints);
  const windowS = windowMs / 1000;
  let base = NaN;
  let n = 0;
  return {
    push(tMs, v) {
      if (Number.isNaN(base)) base = Math.floor(tMs / 1000);
      const t = Math.floor(tMs / 1000) - base;
      if (n > 0 && t <= ts[n - 1]) return false; // out of order or duplicate: keep the window sorted
      if (t < 0 || t > 0x7fffffff) return false;
      if (n === maxPoints) {
        ts.copyWithin(0, 1);
        vs.copyWithin(0, 1);
        n--;
      }
      ts[n] = t;
      vs[n] = v;
      n++;
      let drop = 0;
      while (drop < n && ts[drop] < t - windowS) drop++;
      if (drop > 0) {
        ts.copyWithin(0, drop, n);
        vs.copyWithin(0, drop, n);
        n -= drop;
      }
      return true;
    },
    rate() {
      const slope = robustSlope(ts, vs, n);
      if (slope === null) return null;
      return { perHour: slope * S_PER_H, points: n, spanMs: (ts[n - 1] - ts[0]) * 1000 };
    },
    bytes: buf.byteLength + 2 * BYTES_PER_OBJECT
  };
}

export function createRateOfRiseDetector(options: Partial<RateOfRiseOptions> = {}): Detector {
  const o: RateOfRiseOptions = { ...RATE_OF_RISE_DEFAULTS, ...options };
  return {
    rule: 'rate_of_rise',
    kinds: ['flood'],
    create(sensor: Sensor): SizedSensorDetector | null {
      const t = sensor.flood;
      if (!t) return null;
      const window = createPointWindow(o.windowMs, o.maxPoints);
      return {
        observe(reading): Finding | null {
          const wl = reading.values.water_level;
          if (wl === undefined || !window.push(reading.ts, wl)) return null;
          const r = window.rate();
          if (!r || r.points < o.minPoints || r.spanMs < o.minSpanMs) return QUIET_RATE_OF_RISE;
          const next = nextThreshold(siagaLevel(wl, t), t);
          if (!next || r.perHour < o.minRateCmPerH) return QUIET_RATE_OF_RISE;
          const minutes = ((next.cm - wl) / r.perHour) * 60;
          if (minutes > o.horizonMin) return QUIET_RATE_OF_RISE;
          const level = alertLevelOfSiaga(next.siaga);
          return createActiveFinding({
            rule: 'rate_of_rise',
            category: 'emergency',
            kind: 'flood',
            severity: next.siaga === 1 ? 'critical' : 'warning',
            level,
            value: Math.round(r.perHour * 10) / 10,
            params: () => ({
              name: sensor.name,
              rate: formatNumber(r.perHour),
              next: next.siaga,
              minutes: Math.max(0, Math.round(minutes)),
              points: r.points,
              spanMin: Math.round(r.spanMs / 60_000),
              value: formatNumber(wl),
              threshold: siagaThresholdCm(next.siaga, t),
              minRate: o.minRateCmPerH
            })
          });
        },
        stateBytes: () => window.bytes
      };
    }
  };
}

export const rateOfRiseDetector = createRateOfRiseDetector();
