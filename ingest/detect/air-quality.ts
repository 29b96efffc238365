import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import { ISPU_BREAKPOINTS, POLLUTANT_LABELS, ispuCategory, ispuSubIndex, type IspuPollutant } from '../../src/lib/core/air-index';
import type { AirIndex } from '../../src/lib/core/reading-state';
import type { Sensor } from '../../src/lib/core/sensor';
import { BYTES_PER_OBJECT, createActiveFinding, createQuietFinding, type SizedSensorDetector } from './finding';
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';

/**
 * Air quality as ISPU over a running one-hour mean of each pollutant.
 *
 * Why one hour: the regulation's averaging periods (24 h for particles) would make the index
 * react a day late, useless for an operations room watching a fire or a traffic plume; KLHK's own
 * public ISPU feed publishes PM2.5 hourly, so the hourly mean is the established live index.
 * The mean is kept in a ring of 12 five-minute buckets (sum and count per pollutant) with running
 * totals: the state is fixed-size whatever the sensor's rate, a bucket older than an hour is
 * subtracted when it is reused or expires, and a reading costs O(pollutants), not O(buckets).
 * The window is therefore 55–60 minutes long, depending on where in its bucket the newest reading falls.
 */
export const POLLUTANTS = Object.keys(ISPU_BREAKPOINTS) as IspuPollutant[];
export const AIR_BUCKETS = 12;
const BUCKET_MS = 5 * 60_000;
/** ISPU at or above this is Tidak Sehat: warning. */
export const ISPU_UNHEALTHY = 101;
/** ISPU at or above this is Sangat Tidak Sehat or worse: critical. */
export const ISPU_VERY_UNHEALTHY = 201;
/** The top of "Sedang": the value shown as the healthy limit. */
export const ISPU_HEALTHY_LIMIT = 100;

export interface HourlyMeans {
  add(ts: number, values: Record<string, number>): boolean;
  means(): Partial<Record<IspuPollutant, number>>;
  /** Hourly mean of one pollutant (by index in POLLUTANTS), NaN when it has none in the window. */
  mean(p: number): number;
  readonly bytes: number;
}

export function createHourlyMeans(): HourlyMeans {
  return new HourlyRing();
}

const P = POLLUTANTS.length;
/** Block layout: bucket stamps (Int32), then sums (Float32), then counts (Uint16), per bucket and pollutant, totals last. */
const T = AIR_BUCKETS * P;
const HOURLY_BYTES = 4 * AIR_BUCKETS + 4 * (T + P) + 2 * (T + P);

/** Pollutant values of the reading being added, NaN when absent (single-threaded: shared). */
const scratch = new Float64Array(P);

/** Copies the reading's pollutants into `scratch`; false when it has none. */
function readPollutants(values: Record<string, number>): boolean {
  let any = false;
  for (let p = 0; p < P; p++) {
    const v = values[POLLUTANTS[p]];
    scratch[p] = v === undefined ? NaN : v;
    if (v !== undefined) any = true;
  }
  return any;
}

/** The ring of 12 five-minute buckets in one block of a shared slab (state-arena.ts). */
class HourlyRing implements HourlyMeans {
  readonly #stamp: Int32Array;
  readonly #sums: Float32Array;
  readonly #counts: Uint16Array;
  /** Bases in each view: bucket index per bucket (−1 = empty), sums, counts. */
  readonly #kb: number;
  readonly #sb: number;
  readonly #cb: number;
  #newest = -1;

  constructor() {
    const { slab, byteOffset } = allocState(HOURLY_BYTES);
    [this.#stamp, this.#sums, this.#counts] = [slab.i32, slab.f32, slab.u16];
    this.#kb = byteOffset / 4;
    this.#sb = this.#kb + AIR_BUCKETS;
    this.#cb = (byteOffset + 4 * AIR_BUCKETS + 4 * (T + P)) / 2;
    this.#stamp.fill(-1, this.#kb, this.#kb + AIR_BUCKETS);
  }

  #clear(bucket: number): void {
    const [sums, counts, sb, cb] = [this.#sums, this.#counts, this.#sb, this.#cb];
    for (let p = 0; p < P; p++) {
      sums[sb + T + p] -= sums[sb + bucket * P + p];
      counts[cb + T + p] -= counts[cb + bucket * P + p];
      sums[sb + bucket * P + p] = 0;
      counts[cb + bucket * P + p] = 0;
    }
    this.#stamp[this.#kb + bucket] = -1;
  }

  #advance(to: number): void {
    // Buckets that fall out of the window as it moves to `to` (at most all of them).
    for (let k = Math.max(this.#newest + 1, to - AIR_BUCKETS + 1); k <= to; k++) {
      const bucket = k % AIR_BUCKETS;
      const stamp = this.#stamp[this.#kb + bucket];
      if (stamp !== -1 && stamp !== k) this.#clear(bucket);
    }
    this.#newest = to;
  }

  add(ts: number, values: Record<string, number>): boolean {
    if (!readPollutants(values)) return false;
    return this.addScratch(ts);
  }

  /** add() of the values readPollutants left in `scratch`. */
  addScratch(ts: number): boolean {
    const k = Math.floor(ts / BUCKET_MS);
    if (k < 0 || k <= this.#newest - AIR_BUCKETS) return false; // older than the window
    if (k > this.#newest) this.#advance(k);
    const bucket = k % AIR_BUCKETS;
    const stamp = this.#stamp[this.#kb + bucket];
    if (stamp !== k) {
      if (stamp > k) return false;
      this.#clear(bucket);
      this.#stamp[this.#kb + bucket] = k;
    }
    const [sums, counts, sb, cb] = [this.#sums, this.#counts, this.#sb, this.#cb];
    for (let p = 0; p < P; p++) {
      const v = scratch[p];
      if (Number.isNaN(v)) continue;
      sums[sb + bucket * P + p] += v;
      counts[cb + bucket * P + p] = Math.min(counts[cb + bucket * P + p] + 1, 0xffff);
      sums[sb + T + p] += v;
      counts[cb + T + p] = Math.min(counts[cb + T + p] + 1, 0xffff);
    }
    return true;
  }

  mean(p: number): number {
    const c = this.#counts[this.#cb + T + p];
    return c > 0 ? Math.max(0, this.#sums[this.#sb + T + p]) / c : NaN;
  }

  means(): Partial<Record<IspuPollutant, number>> {
    const out: Partial<Record<IspuPollutant, number>> = {};
    for (let p = 0; p < P; p++) {
      const m = this.mean(p);
      if (!Number.isNaN(m)) out[POLLUTANTS[p]] = m;
    }
    return out;
  }

  get bytes(): number {
    return HOURLY_BYTES + BYTES_PER_SMALL_OBJECT;
  }
}

/** air_quality for one sensor. */
class AirQualitySensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #hourly = new HourlyRing();
  // Quiet verdicts carry the hourly index (the value this rule measured; the wall takes it from
  // liveIndex()), so this rule keeps its own quiet finding and updates it in place: valid until
  // the next observe, like every quiet finding.
  #quiet: Finding | null = null;
  /** The index after the last reading and the pollutant (index in POLLUTANTS) that sets it, −1 without one. */
  #value = 0;
  #dominant = -1;

  constructor(sensor: Sensor) {
    this.#sensor = sensor;
  }

  observe(reading: Reading): Finding | null {
    const hourly = this.#hourly;
    if (!readPollutants(reading.values) || !hourly.addScratch(reading.ts)) return null;
    let value = 0;
    let dominant = -1;
    for (let p = 0; p < P; p++) {
      const m = hourly.mean(p);
      if (Number.isNaN(m)) continue;
      const sub = ispuSubIndex(POLLUTANTS[p], m);
      if (dominant < 0 || sub > value) {
        value = sub;
        dominant = p;
      }
    }
    this.#value = value;
    this.#dominant = dominant;
    if (value < ISPU_UNHEALTHY) {
      const quiet = (this.#quiet ??= createQuietFinding('air_quality', 'emergency', value));
      quiet.value = value;
      return quiet;
    }
    return this.#active(value, dominant);
  }

  #active(value: number, dominant: number): Finding {
    const sensor = this.#sensor;
    const category = ispuCategory(value);
    const level = category.level - 1; // Tidak Sehat (2) → 1 … Berbahaya (4) → 3
    const pollutant = POLLUTANTS[dominant];
    const mean = this.#hourly.mean(dominant);
    return createActiveFinding({
      rule: 'air_quality',
      category: 'emergency',
      kind: 'air',
      severity: value >= ISPU_VERY_UNHEALTHY ? 'critical' : 'warning',
      level,
      value,
      normal: ISPU_HEALTHY_LIMIT,
      params: () => ({
        name: sensor.name,
        value,
        category: { id: category.id, en: category.en },
        dominant: `${POLLUTANT_LABELS[pollutant]} ${Math.round(mean)} µg/m³`,
        normal: ISPU_HEALTHY_LIMIT
      })
    });
  }

  /** The hourly ISPU the wall shows for this sensor (engine: liveIndex rules). */
  liveIndex(): AirIndex | null {
    return this.#dominant < 0 ? null : { value: this.#value, pollutant: POLLUTANTS[this.#dominant] };
  }

  stateBytes(): number {
    // Two number fields on top of the object header.
    return this.#hourly.bytes + BYTES_PER_SMALL_OBJECT + BYTES_PER_OBJECT + 16;
  }
}

export const airQualityDetector: Detector = {
  rule: 'air_quality',
  kinds: ['air'],
  create: (sensor: Sensor) => new AirQualitySensor(sensor)
};
