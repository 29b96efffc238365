import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { ISPU_BREAKPOINTS, ispu, type IspuPollutant } from '../../src/lib/core/air-index';
import type { Sensor } from '../../src/lib/core/sensor';
import { BYTES_PER_NUMBER, BYTES_PER_OBJECT, createActiveFinding, createQuietFinding, type SizedSensorDetector } from './finding';

/**
 * Air quality as ISPU over a running one-hour mean of each pollutant.
 *
 * Why one hour: the regulation's averaging periods (24 h for particles) would make the index
 * react a day late, useless for an operations room watching a fire or a traffic plume; KLHK's own
 * public ISPU feed publishes PM2.5 hourly, so the hourly mean is the established live index.
 * The mean is kept in a ring of 60 per-minute buckets (sum and count per pollutant): the state is
 * fixed-size whatever the sensor's rate, and a bucket older than an hour is simply overwritten.
 */
export const POLLUTANTS = Object.keys(ISPU_BREAKPOINTS) as IspuPollutant[];
export const AIR_BUCKETS = 60;
const MS_PER_MIN = 60_000;
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
  readonly bytes: number;
}

export function createHourlyMeans(): HourlyMeans {
  const P = POLLUTANTS.length;
  const stamp = new Float64Array(AIR_BUCKETS).fill(-Infinity);
  const sums = new Float64Array(AIR_BUCKETS * P);
  const counts = new Uint32Array(AIR_BUCKETS * P);
  let newest = -Infinity;
  return {
    add(ts, values) {
      const minute = Math.floor(ts / MS_PER_MIN);
      if (minute <= newest - AIR_BUCKETS) return false; // older than the window
      const b = ((minute % AIR_BUCKETS) + AIR_BUCKETS) % AIR_BUCKETS;
      if (stamp[b] > minute) return false; // its bucket already holds a newer minute
      if (stamp[b] !== minute) {
        stamp[b] = minute;
        sums.fill(0, b * P, b * P + P);
        counts.fill(0, b * P, b * P + P);
      }
      for (let p = 0; p < P; p++) {
        const v = values[POLLUTANTS[p]];
        if (v === undefined) continue;
        sums[b * P + p] += v;
        counts[b * P + p]++;
      }
      if (minute > newest) newest = minute;
      return true;
    },
    means() {
      const out: Partial<Record<IspuPollutant, number>> = {};
      for (let p = 0; p < P; p++) {
        let s = 0;
        let c = 0;
        for (let b = 0; b < AIR_BUCKETS; b++) {
          if (stamp[b] <= newest - AIR_BUCKETS) continue;
          s += sums[b * P + p];
          c += counts[b * P + p];
        }
        if (c > 0) out[POLLUTANTS[p]] = s / c;
      }
      return out;
    },
    bytes: (AIR_BUCKETS + AIR_BUCKETS * P * 2) * BYTES_PER_NUMBER + BYTES_PER_OBJECT
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
    return {
      observe(reading): Finding | null {
        if (!hasPollutant(reading.values) || !hourly.add(reading.ts, reading.values)) return null;
        const means = hourly.means();
        const index = ispu(means);
        if (index.value < ISPU_UNHEALTHY) return createQuietFinding('air_quality', 'emergency', index.value);
        const level = index.category.level - 1; // Tidak Sehat (2) → 1 … Berbahaya (4) → 3
        const dominant = index.dominant ? `${POLLUTANT_LABELS[index.dominant]} ${Math.round(means[index.dominant] ?? 0)} µg/m³` : '-';
        return createActiveFinding({
          rule: 'air_quality',
          category: 'emergency',
          kind: 'air',
          severity: index.value >= ISPU_VERY_UNHEALTHY ? 'critical' : 'warning',
          level,
          value: index.value,
          normal: ISPU_HEALTHY_LIMIT,
          params: {
            name: sensor.name,
            value: index.value,
            category: { id: index.category.id, en: index.category.en },
            dominant,
            normal: ISPU_HEALTHY_LIMIT
          }
        });
      },
      stateBytes: () => hourly.bytes
    };
  }
};
