import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { FloodThresholds, Sensor } from '../../src/lib/core/sensor';
import { alertLevelOfSiaga, siagaThresholdCm } from './flood-level';
import { BYTES_PER_OBJECT, createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { BYTES_PER_VIEW, stateF32, stateF64, stateI32 } from './state-arena';
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
  /**
   * The slow path fires only when the water has already risen from its normal at least this
   * fraction of what remains to the threshold. An ordinary shower lifts a road gauge ~10 cm and
   * stops (bench:scenarios: 40–170 false forecasts a week with a rate and a horizon alone); a
   * flood keeps going. 1 = at least halfway from normal to the threshold.
   */
  minRiseFraction: number;
  /** The normal is a floor: it drops at once with the water and follows a rise with this time constant. */
  normalTauMs: number;
  /**
   * Fast path, for lead time: a rise of at least fastRateCmPerH over the last fastSpanMs (at least
   * fastMinPoints readings, least squares, with the robust slope at least half that) with the next threshold within the horizon fires at once,
   * without the halfway test. Half a metre an hour is a flash flood; showers lift the gauges here
   * by at most ~40 cm/h, and only for half an hour.
   */
  fastRateCmPerH: number;
  fastSpanMs: number;
  fastMinPoints: number;
}

export const RATE_OF_RISE_DEFAULTS: Readonly<RateOfRiseOptions> = Object.freeze({
  minRateCmPerH: 5,
  // 2 h forecast every tide-plus-shower at KP3 (175 ± 25 cm, Siaga 3 at 230) as a flood.
  horizonMin: 60,
  windowMs: 30 * 60_000,
  maxPoints: 32,
  minPoints: 4,
  minSpanMs: 10 * 60_000,
  minRiseFraction: 1,
  normalTauMs: 6 * 3_600_000,
  fastRateCmPerH: 50,
  fastSpanMs: 5 * 60_000,
  fastMinPoints: 5
});

const S_PER_H = 3_600;

/**
 * Robust slope (units per time unit of `ts`) of points sorted by time: the median of the slopes between each
 * point and the one half a window later. Like Theil–Sen it shrugs off a few bad points (a
 * spike moves at most a quarter of the pair slopes) but costs O(n log n) on n/2 pairs instead of
 * n²/2, which matters at one call per gauge reading. Null with fewer than two points.
 */
export function robustSlope(ts: ArrayLike<number>, vs: ArrayLike<number>, n: number, from = 0): number | null {
  if (n - from < 2) return null;
  const h = Math.max(1, Math.floor((n - from) / 2));
  // One scratch array for every call (single-threaded, synchronous): no allocation per reading.
  if (slopeScratch.length < n) slopeScratch = new Float64Array(n);
  let count = 0;
  for (let i = from; i + h < n; i++) {
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
  /**
   * Rate (units per hour) over the points of the last spanMs, least squares or robustSlope; NaN
   * with fewer than minPoints.
   */
  recentRate(spanMs: number, minPoints: number, robust: boolean): number;
  /** Number of points in the last spanMs. */
  recentPoints(spanMs: number): number;
  readonly bytes: number;
}

/** Scratch copies of a window in time order, for robustSlope (single-threaded: shared). */
let scratchTs = new Float64Array(64);
let scratchVs = new Float64Array(64);

/**
 * A ring of (time, value) points, oldest first at `head`. Times are whole seconds since the
 * first point (Int32: 68 years), values Float32 (0.01 cm at 1,000 cm): half the bytes of two
 * Float64 arrays, and a push moves no points (the array copies it replaced cost more than the
 * rule's arithmetic, twice per gauge reading).
 */
export function createPointWindow(windowMs: number, maxPoints: number): PointWindow {
  const cap = maxPoints;
  const ts = stateI32(cap);
  const vs = stateF32(cap);
  // [first point's time (s), head index, number of points]
  const m = stateF64(3);
  m[0] = NaN;
  const windowS = windowMs / 1000;
  const at = (i: number) => (m[1] + i) % cap;

  function dropOldest(): void {
    m[1] = (m[1] + 1) % cap;
    m[2]--;
  }

  /** Index (0 = oldest) of the first point in the last spanMs. */
  function recentFrom(spanMs: number): number {
    const n = m[2];
    if (n === 0) return 0;
    const from = ts[at(n - 1)] - spanMs / 1000;
    let i0 = n - 1;
    while (i0 > 0 && ts[at(i0 - 1)] >= from) i0--;
    return i0;
  }

  /** robustSlope over points i0… of the window, copied in time order. */
  function slopeFrom(i0: number): number | null {
    const n = m[2];
    if (scratchTs.length < n) [scratchTs, scratchVs] = [new Float64Array(n), new Float64Array(n)];
    for (let i = i0; i < n; i++) {
      scratchTs[i] = ts[at(i)];
      scratchVs[i] = vs[at(i)];
    }
    return robustSlope(scratchTs, scratchVs, n, i0);
  }

  return {
    push(tMs, v) {
      if (Number.isNaN(m[0])) m[0] = Math.floor(tMs / 1000);
      const t = Math.floor(tMs / 1000) - m[0];
      if (m[2] > 0 && t <= ts[at(m[2] - 1)]) return false; // out of order or duplicate: keep the window sorted
      if (t < 0 || t > 0x7fffffff) return false;
      if (m[2] === cap) dropOldest();
      const k = at(m[2]);
      ts[k] = t;
      vs[k] = v;
      m[2]++;
      while (m[2] > 0 && ts[m[1]] < t - windowS) dropOldest();
      return true;
    },
    rate() {
      const n = m[2];
      const slope = slopeFrom(0);
      if (slope === null) return null;
      return { perHour: slope * S_PER_H, points: n, spanMs: (ts[at(n - 1)] - ts[m[1]]) * 1000 };
    },
    recentRate(spanMs, minPoints, robust) {
      const n = m[2];
      const i0 = recentFrom(spanMs);
      const k = n - i0;
      if (k < minPoints || k < 2) return NaN;
      if (robust) {
        const slope = slopeFrom(i0);
        return slope === null ? NaN : slope * S_PER_H;
      }
      let st = 0;
      let sv = 0;
      for (let i = i0; i < n; i++) {
        st += ts[at(i)];
        sv += vs[at(i)];
      }
      const mt = st / k;
      const mv = sv / k;
      let num = 0;
      let den = 0;
      for (let i = i0; i < n; i++) {
        const dt = ts[at(i)] - mt;
        num += dt * (vs[at(i)] - mv);
        den += dt * dt;
      }
      return den > 0 ? (num / den) * S_PER_H : NaN;
    },
    recentPoints(spanMs) {
      return m[2] - recentFrom(spanMs);
    },
    bytes: ts.byteLength + vs.byteLength + m.byteLength + 3 * BYTES_PER_VIEW + BYTES_PER_OBJECT
  };
}

/** What a rise forecast found; one object per forecaster, overwritten on each reading (copy what you keep). */
export interface RiseForecast {
  /** Siaga number of the next threshold (3, 2 or 1) and its level (cm). */
  siaga: number;
  thresholdCm: number;
  perHour: number;
  minutes: number;
  points: number;
  spanMs: number;
  fast: boolean;
}

export interface RiseForecaster {
  /** undefined: reading refused (out of time order); null: no credible forecast; else the forecast. */
  observe(ts: number, wl: number): RiseForecast | null | undefined;
  readonly bytes: number;
}

/**
 * "Will the next Siaga threshold be reached within the horizon?", shared by rate_of_rise and
 * upstream_warning. Slow path: robust rate over the window, and the water already at least
 * minRiseFraction of the way from its normal. Fast path: a flash-flood rate over the last minutes.
 */
export function createRiseForecaster(t: FloodThresholds, o: RateOfRiseOptions): RiseForecaster {
  const window = createPointWindow(o.windowMs, o.maxPoints);
  // [normal, time of the reading before]: a typed array, as closure doubles allocate per reading.
  const st = stateF64(2).fill(NaN);
  const out: RiseForecast = { siaga: 0, thresholdCm: 0, perHour: 0, minutes: 0, points: 0, spanMs: 0, fast: false };
  return {
    observe(ts, wl) {
      if (!window.push(ts, wl)) return undefined;
      if (Number.isNaN(st[0]) || wl <= st[0]) st[0] = wl;
      else st[0] += (wl - st[0]) * Math.min(1, (ts - st[1]) / o.normalTauMs);
      st[1] = ts;
      const normal = st[0];
      const siaga = wl < t.siaga3 ? 3 : wl < t.siaga2 ? 2 : wl < t.siaga1 ? 1 : 0;
      if (siaga === 0) return null;
      const thresholdCm = siagaThresholdCm(siaga, t);
      const remaining = thresholdCm - wl;
      const fastRate = window.recentRate(o.fastSpanMs, o.fastMinPoints, false);
      let perHour: number;
      let points = 0;
      let spanMs = 0;
      let fast = false;
      if (
        fastRate >= o.fastRateCmPerH &&
        (remaining / fastRate) * 60 <= o.horizonMin &&
        // Least squares is steady on a noisy gauge but one spike drags it up; the robust slope
        // (noisier on 5 points) only has to agree that the water is rising fast at all.
        window.recentRate(o.fastSpanMs, o.fastMinPoints, true) >= o.fastRateCmPerH / 2
      ) {
        [perHour, fast] = [fastRate, true];
      } else {
        if (wl - normal < o.minRiseFraction * remaining) return null;
        const r = window.rate();
        if (!r || r.points < o.minPoints || r.spanMs < o.minSpanMs || r.perHour < o.minRateCmPerH) return null;
        if ((remaining / r.perHour) * 60 > o.horizonMin) return null;
        [perHour, points, spanMs] = [r.perHour, r.points, r.spanMs];
      }
      if (fast) {
        points = window.recentPoints(o.fastSpanMs);
        spanMs = o.fastSpanMs;
      }
      out.siaga = siaga;
      out.thresholdCm = thresholdCm;
      out.perHour = perHour;
      out.minutes = (remaining / perHour) * 60;
      out.points = points;
      out.spanMs = spanMs;
      out.fast = fast;
      return out;
    },
    bytes: window.bytes + st.byteLength + BYTES_PER_VIEW + BYTES_PER_OBJECT
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
      const forecaster = createRiseForecaster(t, o);
      return {
        observe(reading): Finding | null {
          const wl = reading.values.water_level;
          if (wl === undefined) return null;
          const f = forecaster.observe(reading.ts, wl);
          if (f === undefined) return null;
          if (f === null) return QUIET_RATE_OF_RISE;
          const { siaga, perHour, minutes, points, spanMs, thresholdCm } = f;
          return createActiveFinding({
            rule: 'rate_of_rise',
            category: 'emergency',
            kind: 'flood',
            severity: siaga === 1 ? 'critical' : 'warning',
            level: alertLevelOfSiaga(siaga),
            value: Math.round(perHour * 10) / 10,
            params: () => ({
              name: sensor.name,
              rate: formatNumber(perHour),
              next: siaga,
              minutes: Math.max(0, Math.round(minutes)),
              points,
              spanMin: Math.round(spanMs / 60_000),
              value: formatNumber(wl),
              threshold: thresholdCm,
              minRate: o.minRateCmPerH
            })
          });
        },
        stateBytes: () => forecaster.bytes
      };
    }
  };
}

export const rateOfRiseDetector = createRateOfRiseDetector();
