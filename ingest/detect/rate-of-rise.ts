import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import type { FloodThresholds, Sensor } from '../../src/lib/core/sensor';
import { alertLevelOfSiaga, siagaThresholdCm } from './flood-level';
import { createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { RingWindow } from './point-window';
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';
import { formatNumberText, readingNotes } from './texts';
import type { DetectorContext, RuleDetector } from './context';
import { FORECAST_WARNING_DEFAULTS, HELD, expectedRatePerH, forecastFindingTexts, forecastWarning, type ForecastWarning, type ForecastWarningOptions } from './flood-forecast';

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
  /**
   * Warnings from the river forecast (flood-forecast.ts). Where the gauge's forecast is confident
   * it replaces the straight line: on real rivers a line through the last 30 minutes does worse
   * than "the level stays" at 60 and 120 minutes (issue 10), and the straight line stays only as
   * the cautious start of a gauge the forecaster has not learned yet.
   */
  forecast: ForecastWarningOptions;
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
  fastMinPoints: 5,
  forecast: FORECAST_WARNING_DEFAULTS
});

export { createPointWindow, robustSlope, type PointWindow } from './point-window';

/** What a rise forecast found; one shared object, overwritten on each reading (copy what you keep). */
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
  /**
   * Forgets the last reading observed, found bad after it was taken (the spike rule flags a spike
   * at the reading after it): out of the window, and the normal as it was before it. Once only.
   */
  retractLast(): void;
  readonly bytes: number;
}

/**
 * "Will the next Siaga threshold be reached within the horizon?", shared by rate_of_rise and
 * upstream_warning. Slow path: robust rate over the window, and the water already at least
 * minRiseFraction of the way from its normal. Fast path: a flash-flood rate over the last minutes.
 */
export function createRiseForecaster(t: FloodThresholds, o: RateOfRiseOptions): RiseForecaster {
  return new Forecaster(t, o);
}

/** The one forecast object: overwritten by each observe (single-threaded; callers copy what they keep). */
const FORECAST: RiseForecast = { siaga: 0, thresholdCm: 0, perHour: 0, minutes: 0, points: 0, spanMs: 0, fast: false };

class Forecaster implements RiseForecaster {
  readonly #t: FloodThresholds;
  readonly #o: RateOfRiseOptions;
  readonly #window: RingWindow;
  readonly #f: Float64Array;
  /** [normal, time of the reading before, and both as they were before that reading (NaN: nothing to retract)] at #b. */
  readonly #b: number;

  constructor(t: FloodThresholds, o: RateOfRiseOptions) {
    [this.#t, this.#o] = [t, o];
    this.#window = new RingWindow(o.windowMs, o.maxPoints);
    const { slab, byteOffset } = allocState(32);
    [this.#f, this.#b] = [slab.f64, byteOffset / 8];
    this.#f.fill(NaN, this.#b, this.#b + 4);
  }

  retractLast(): void {
    const [st, b] = [this.#f, this.#b];
    if (Number.isNaN(st[b + 3]) || !this.#window.popLast()) return;
    // The normal is a floor that drops at once: a glitch far below would otherwise stay the gauge's
    // normal for hours, and every later shower would look halfway to the threshold.
    [st[b], st[b + 1], st[b + 2], st[b + 3]] = [st[b + 2], st[b + 3], NaN, NaN];
  }

  observe(ts: number, wl: number): RiseForecast | null | undefined {
    const [t, o, window, st, b] = [this.#t, this.#o, this.#window, this.#f, this.#b];
    if (!window.push(ts, wl)) return undefined;
    [st[b + 2], st[b + 3]] = [st[b], Number.isNaN(st[b + 1]) ? -Infinity : st[b + 1]];
    if (Number.isNaN(st[b]) || wl <= st[b]) st[b] = wl;
    else st[b] += (wl - st[b]) * Math.min(1, (ts - st[b + 1]) / o.normalTauMs);
    st[b + 1] = ts;
    const normal = st[b];
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
      perHour = fastRate;
      fast = true;
      points = window.recentPoints(o.fastSpanMs);
      spanMs = o.fastSpanMs;
    } else {
      if (wl - normal < o.minRiseFraction * remaining) return null;
      const r = window.rate();
      if (!r || r.points < o.minPoints || r.spanMs < o.minSpanMs || r.perHour < o.minRateCmPerH) return null;
      if ((remaining / r.perHour) * 60 > o.horizonMin) return null;
      [perHour, points, spanMs] = [r.perHour, r.points, r.spanMs];
    }
    const out = FORECAST;
    out.siaga = siaga;
    out.thresholdCm = thresholdCm;
    out.perHour = perHour;
    out.minutes = (remaining / perHour) * 60;
    out.points = points;
    out.spanMs = spanMs;
    out.fast = fast;
    return out;
  }

  get bytes(): number {
    return this.#window.bytes + 32 + BYTES_PER_SMALL_OBJECT;
  }
}

/** rate_of_rise from the river forecast: a crossing not driven from upstream (that one is upstream_warning's). */
export function forecastRiseFinding(w: ForecastWarning, ctx: DetectorContext): Finding {
  const siaga = w.crossing.level;
  return createActiveFinding({
    rule: 'rate_of_rise',
    category: 'emergency',
    kind: 'flood',
    severity: siaga === 1 ? 'critical' : 'warning',
    level: alertLevelOfSiaga(siaga),
    value: expectedRatePerH(w.forecast),
    ...forecastFindingTexts('rate_of_rise', w, ctx)
  });
}

/** rate_of_rise for one gauge: its forecast (or, until that is confident, the straight line) as a finding. */
class RateOfRiseSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #o: RateOfRiseOptions;
  readonly #forecaster: Forecaster;
  readonly #ctx: DetectorContext | undefined;

  constructor(sensor: Sensor, t: FloodThresholds, o: RateOfRiseOptions, ctx: DetectorContext | undefined) {
    [this.#sensor, this.#o, this.#ctx] = [sensor, o, ctx];
    this.#forecaster = new Forecaster(t, o);
  }

  observe(reading: Reading): Finding | null {
    const wl = reading.values.water_level;
    if (wl === undefined) return null;
    // The spike rule (it runs first) rejected the reading before this one as it saw this one: that
    // reading leaves the line's window and normal, and this one is compared with the last good one.
    if (this.#ctx?.rejectedAt?.() === reading.ts) this.#forecaster.retractLast();
    // the straight line on the Siaga levels' datum: a suspected level step is no rise (sensor-step.ts)
    const shift = this.#ctx?.datumShift?.() ?? 0;
    const level = wl - shift;
    const f = this.#forecaster.observe(reading.ts, level);
    if (f === undefined) return null;
    const w = forecastWarning(this.#ctx, reading.ts, this.#o.forecast);
    if (w === HELD) return null;
    if (w !== undefined) return w === null || w.upstream ? QUIET_RATE_OF_RISE : forecastRiseFinding(w, this.#ctx!);
    if (f === null) return QUIET_RATE_OF_RISE;
    const { siaga, perHour, minutes, points, spanMs, thresholdCm } = f;
    const [sensor, o, frozen] = [this.#sensor, this.#o, this.#ctx?.frozenSince?.() ?? NaN];
    return createActiveFinding({
      rule: 'rate_of_rise',
      category: 'emergency',
      kind: 'flood',
      severity: siaga === 1 ? 'critical' : 'warning',
      level: alertLevelOfSiaga(siaga),
      value: Math.round(perHour * 10) / 10,
      suspectReadings: !Number.isNaN(frozen),
      params: () => ({
        name: sensor.name,
        rate: formatNumberText(perHour),
        next: siaga,
        minutes: Math.max(0, Math.round(minutes)),
        points,
        spanMin: Math.round(spanMs / 60_000),
        value: formatNumberText(level),
        stepNote: readingNotes(wl, shift, frozen),
        threshold: thresholdCm,
        minRate: o.minRateCmPerH
      })
    });
  }

  stateBytes(): number {
    return this.#forecaster.bytes + BYTES_PER_SMALL_OBJECT;
  }
}

export function createRateOfRiseDetector(options: Partial<RateOfRiseOptions> = {}): Detector & RuleDetector {
  const o: RateOfRiseOptions = { ...RATE_OF_RISE_DEFAULTS, ...options };
  return {
    rule: 'rate_of_rise',
    kinds: ['flood'],
    create: (sensor: Sensor, ctx?: DetectorContext) => (sensor.flood ? new RateOfRiseSensor(sensor, sensor.flood, o, ctx) : null)
  };
}

export const rateOfRiseDetector = createRateOfRiseDetector();
