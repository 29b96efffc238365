import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import type { Sensor, TrafficProfile } from '../../src/lib/core/sensor';
import { trafficState, type TrafficState } from '../../src/lib/core/traffic-levels';
import { createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';
import { CONGESTION_SPEED, CONGESTION_USUAL, formatNumberText, formatText, type TextParams } from './texts';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_CONGESTION = quietFinding('congestion', 'emergency');

/**
 * Congestion against two references: the road's profile (core trafficState: free-flow speed and
 * capacity) and the site's own normal for the time of day. Macet always alerts. Padat alerts only
 * when the road is also slower than its usual for that time (or no usual is learned yet): a road
 * that is Padat every weekday at 17:00 is known to the operators and would otherwise bury the real
 * incidents. "Sustained" is the policy's minimum active duration (60 s by default), not repeated here.
 *
 * The normal is learned per local hour with a weight per *day*: each hour's mean speed is folded
 * into that hour's normal when the hour is over. A per-reading EWMA (as before) mostly remembered
 * the last ten minutes of the hour yesterday, so the start of a rush hour looked "below normal"
 * every day (bench:scenarios, ~190 false alerts a week). Between hour centres the normal is
 * interpolated, so 08:00 is compared with the mean of 07:30 and 08:30, not with 08:59.
 */
export interface CongestionOptions {
  /** Hours added to UTC for the hour of day; Samarinda is WITA, UTC+8, no daylight saving. */
  utcOffsetH: number;
  /** Weight of a new day's hourly mean in that hour's normal. */
  alphaDay: number;
  /** Readings an hour needs before its mean is learned (a sensor that started mid-hour adds none). */
  minSamples: number;
  /** Padat counts as abnormal when speed is below this fraction of the normal… */
  belowNormalRatio: number;
  /**
   * …for this many readings in a row. At the rush-hour peak the speed of an ordinary day swings
   * ±20 % (demand ±6 % on the steep part of the speed curve, plus per-reading noise), so one or
   * two slow readings are normal there; Macet (an incident) alerts at once.
   */
  padatReadings: number;
}

export const CONGESTION_DEFAULTS: Readonly<CongestionOptions> = Object.freeze({
  utcOffsetH: 8,
  alphaDay: 0.3,
  minSamples: 5,
  belowNormalRatio: 0.7,
  padatReadings: 5
});

const MS_PER_H = 3_600_000;

export function localHour(ts: number, utcOffsetH: number): number {
  return (((Math.floor(ts / MS_PER_H) + utcOffsetH) % 24) + 24) % 24;
}

/** State layout (one Float64Array): normals per local hour, days learned per hour, then the open hour. */
const DAYS = 24;
const OPEN_HOUR = 48;
const SUM = 49;
const COUNT = 50;
/** Padat-below-normal readings in a row. */
const PADAT_RUN = 51;
const STATE_LENGTH = 52;

/**
 * The learned normal speed at local time `hour` + `frac` (0–1): linear between hour centres, the
 * hour's own normal when its neighbour is not learned, undefined when the hour is not learned.
 * `b`: where the layout starts in `st`.
 */
export function normalSpeedAt(st: Float64Array, hour: number, frac: number, b = 0): number | undefined {
  if (st[b + DAYS + hour] === 0) return undefined;
  const x = frac - 0.5;
  const other = (hour + (x < 0 ? 23 : 1)) % 24;
  if (st[b + DAYS + other] === 0) return st[b + hour];
  const w = Math.abs(x);
  return (1 - w) * st[b + hour] + w * st[b + other];
}

/** A reading in a new hour closes the open one: its mean joins that hour's normal. */
function closeHour(st: Float64Array, b: number, o: CongestionOptions, ts: number): void {
  const abs = Math.floor(ts / MS_PER_H) + o.utcOffsetH;
  if (abs !== st[b + OPEN_HOUR]) {
    if (st[b + COUNT] >= o.minSamples) {
      const h = ((st[b + OPEN_HOUR] % 24) + 24) % 24;
      const mean = st[b + SUM] / st[b + COUNT];
      st[b + h] = st[b + DAYS + h] === 0 ? mean : st[b + h] + o.alphaDay * (mean - st[b + h]);
      if (st[b + DAYS + h] < 255) st[b + DAYS + h]++;
    }
    st[b + OPEN_HOUR] = abs;
    st[b + SUM] = 0;
    st[b + COUNT] = 0;
  }
}

/** {speedNote} and {speed} of the congestion texts: the reading's speed, or words for none. */
function speedParams(speed: number | undefined): TextParams {
  const t = CONGESTION_SPEED[speed === undefined ? 'unknown' : 'known'];
  const params = { speed: speed === undefined ? '' : formatNumberText(speed) };
  return { speedNote: formatText(t.note, params), speed: formatText(t.said, params) };
}

/**
 * What the alert's value is of: the speed, or without one the signal that made the road Padat on its
 * own (occupancy, else flow), asked of the core's trafficState so its thresholds stay in one place.
 * A speed of 0 stood in for "none" and the alerts page read "Kecepatan 0 km/jam".
 */
function alertMeasure(values: Reading['values'], profile: TrafficProfile): { value: number; valueField?: string } {
  const { speed, flow, occupancy } = values;
  if (speed !== undefined) return { value: speed };
  const heavyBy = (v: { flow?: number; occupancy?: number }) => trafficState(v, profile).level.severity >= 2;
  if (occupancy !== undefined && (flow === undefined || heavyBy({ occupancy }))) return { value: occupancy, valueField: 'occupancy' };
  return { value: flow ?? 0, valueField: 'flow' };
}

/** congestion for one road sensor; its 52 numbers live in a shared slab (state-arena.ts). */
class CongestionSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #profile: TrafficProfile;
  readonly #o: CongestionOptions;
  readonly #f: Float64Array;
  readonly #b: number;

  constructor(sensor: Sensor, profile: TrafficProfile, o: CongestionOptions) {
    [this.#sensor, this.#profile, this.#o] = [sensor, profile, o];
    const { slab, byteOffset } = allocState(8 * STATE_LENGTH);
    [this.#f, this.#b] = [slab.f64, byteOffset / 8];
    this.#f[this.#b + OPEN_HOUR] = NaN;
  }

  observe(reading: Reading): Finding | null {
    const { speed, flow, occupancy } = reading.values;
    if (speed === undefined && flow === undefined && occupancy === undefined) return null;
    const [st, b, o] = [this.#f, this.#b, this.#o];
    closeHour(st, b, o, reading.ts);
    const hour = localHour(reading.ts, o.utcOffsetH);
    const frac = (((reading.ts % MS_PER_H) + MS_PER_H) % MS_PER_H) / MS_PER_H;
    const normal = normalSpeedAt(st, hour, frac, b);
    const state = trafficState({ speed, flow, occupancy }, this.#profile);
    if (speed !== undefined) {
      st[b + SUM] += speed;
      st[b + COUNT]++;
    }
    const severity = state.level.severity;
    const belowNormal = normal === undefined || speed === undefined || speed < o.belowNormalRatio * normal;
    st[b + PADAT_RUN] = severity === 2 && belowNormal ? st[b + PADAT_RUN] + 1 : 0;
    if (severity < 2 || (severity === 2 && st[b + PADAT_RUN] < o.padatReadings)) return QUIET_CONGESTION;
    return this.#active(severity, reading.values, normal, state);
  }

  #active(severity: number, values: Reading['values'], normal: number | undefined, state: TrafficState): Finding {
    const [sensor, profile] = [this.#sensor, this.#profile];
    const { speed } = values;
    const measured = alertMeasure(values, profile);
    return createActiveFinding({
      rule: 'congestion',
      category: 'emergency',
      kind: 'traffic',
      severity: severity === 3 ? 'critical' : 'warning',
      level: severity,
      ...measured,
      // the usual speed is a normal for a speed only: beside an occupancy it compares nothing
      normal: normal === undefined || measured.valueField !== undefined ? undefined : Math.round(normal),
      params: () => ({
        name: sensor.name,
        level: { id: state.level.id, en: state.level.en },
        ...speedParams(speed),
        usual: normal === undefined ? '' : formatText(CONGESTION_USUAL, { normal: formatNumberText(normal) }),
        freeFlow: profile.freeFlowKmh,
        saturation: formatNumberText(state.saturation)
      })
    });
  }

  stateBytes(): number {
    return 8 * STATE_LENGTH + BYTES_PER_SMALL_OBJECT;
  }
}

export function createCongestionDetector(options: Partial<CongestionOptions> = {}): Detector {
  const o: CongestionOptions = { ...CONGESTION_DEFAULTS, ...options };
  return {
    rule: 'congestion',
    kinds: ['traffic'],
    create: (sensor: Sensor) => (sensor.traffic ? new CongestionSensor(sensor, sensor.traffic, o) : null)
  };
}

export const congestionDetector = createCongestionDetector();
