import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { ISPU_BREAKPOINTS, ispuCategory, ispuSubIndex, type IspuPollutant } from '../../src/lib/core/air-index';
import type { Sensor } from '../../src/lib/core/sensor';
import { BYTES_PER_OBJECT, createActiveFinding, createQuietFinding, type SizedSensorDetector } from './finding';
import { BYTES_PER_VIEW, stateF32, stateI32, stateU16 } from './state-arena';

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
export const POLLUTANT_LABELS: Record<IspuPollutant, string> = {
  pm25: 'PM2.5',
  pm10: 'PM10',
  co: 'CO',
  no2: 'NO₂',
  o3: 'O₃',
  so2: 'SO₂'
};

export interface HourlyMeans {
  add(ts: number, values: Record<string, number>): boolean;
  means(): Partial<Record<IspuPollutant, number>>;
  /** Hourly mean of one pollutant (by index in POLLUTANTS), NaN when it has none in the window. */
  mean(p: number): number;
  readonly bytes: number;
}

export function createHourlyMeans(): HourlyMeans {
  const P = POLLUTANTS.length;
  // Bucket index (ts / 5 min) each bucket holds; −1 = empty. Int32 lasts until the year 22000.
  const stamp = stateI32(AIR_BUCKETS).fill(-1);
  // Per bucket and pollutant, then the running totals over live buckets in the last P slots.
  const sums = stateF32((AIR_BUCKETS + 1) * P);
  const counts = stateU16((AIR_BUCKETS + 1) * P);
  const T = AIR_BUCKETS * P;
  let newest = -1;

  function clear(b: number): void {
    for (let p = 0; p < P; p++) {
      sums[T + p] -= sums[b * P + p];
      counts[T + p] -= counts[b * P + p];
      sums[b * P + p] = 0;
      counts[b * P + p] = 0;
    }
    stamp[b] = -1;
  }

  function advance(to: number): void {
    // Buckets that fall out of the window as it moves to `to` (at most all of them).
    for (let k = Math.max(newest + 1, to - AIR_BUCKETS + 1); k <= to; k++) {
      const b = k % AIR_BUCKETS;
      if (stamp[b] !== -1 && stamp[b] !== k) clear(b);
    }
    newest = to;
  }

  return {
    add(ts, values) {
      const k = Math.floor(ts / BUCKET_MS);
      if (k < 0 || k <= newest - AIR_BUCKETS) return false; // older than the window
      if (k > newest) advance(k);
      const b = k % AIR_BUCKETS;
      if (stamp[b] !== k) {
        if (stamp[b] > k) return false;
        clear(b);
        stamp[b] = k;
      }
      for (let p = 0; p < P; p++) {
        const v = values[POLLUTANTS[p]];
        if (v === undefined) continue;
        sums[b * P + p] += v;
        counts[b * P + p] = Math.min(counts[b * P + p] + 1, 0xffff);
        sums[T + p] += v;
        counts[T + p] = Math.min(counts[T + p] + 1, 0xffff);
      }
      return true;
    },
    mean(p) {
      const c = counts[T + p];
      return c > 0 ? Math.max(0, sums[T + p]) / c : NaN;
    },
    means() {
      const out: Partial<Record<IspuPollutant, number>> = {};
      for (let p = 0; p < P; p++) {
        const m = this.mean(p);
        if (!Number.isNaN(m)) out[POLLUTANTS[p]] = m;
      }
      return out;
    },
    bytes: stamp.byteLength + sums.byteLength + counts.byteLength + 3 * BYTES_PER_VIEW + BYTES_PER_OBJECT
  };
}

function hasPollutant(values: Record<string, number>): boolean {
  for (const p of POLLUTANTS) if (values[p] !== undefined) return true;
  return false;
}

export const airQualityDetector: Detector = {
  rule: 'air_quality',
  kinds: ['air'],
  create(sensor: Sensor): SizedSensorDetector {
    const hourly = createHourlyMeans();
    // Quiet verdicts carry the hourly index (the wall shows it), so this rule keeps its own quiet
    // finding and updates it in place: valid until the next observe, like every quiet finding.
    let quiet: Finding | null = null;
    return {
      observe(reading): Finding | null {
        if (!hasPollutant(reading.values) || !hourly.add(reading.ts, reading.values)) return null;
        let value = 0;
        let dominant = -1;
        for (let p = 0; p < POLLUTANTS.length; p++) {
          const m = hourly.mean(p);
          if (Number.isNaN(m)) continue;
          const sub = ispuSubIndex(POLLUTANTS[p], m);
          if (dominant < 0 || sub > value) {
            value = sub;
            dominant = p;
          }
        }
        if (value < ISPU_UNHEALTHY) {
          quiet ??= createQuietFinding('air_quality', 'emergency', value);
          quiet.value = value;
          return quiet;
        }
        const category = ispuCategory(value);
        const level = category.level - 1; // Tidak Sehat (2) → 1 … Berbahaya (4) → 3
        const pollutant = POLLUTANTS[dominant];
        const mean = hourly.mean(dominant);
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
      },
      stateBytes: () => hourly.bytes + BYTES_PER_OBJECT
    };
  }
};
