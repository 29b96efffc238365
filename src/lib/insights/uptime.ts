import { FIELDS, type Sensor, type SensorKind } from '../core/sensor';
import { witaDate, witaDaysIn } from './time';
import type { Bucket, InsightRange, SensorBuckets, SensorLabel } from './types';

/**
 * Sensor uptime: per sensor and WITA day, the share of the readings its reporting interval promises
 * that arrived. A reading counts by its first field (flow, water_level, pm25: the one every sensor of
 * the kind sends), read as a count per bucket. Days before the range's start or after its end count
 * only the part inside it, so today's share is not punished for the hours still to come.
 */
export const UPTIME_FIELD: Record<SensorKind, string> = {
  traffic: Object.keys(FIELDS.traffic)[0],
  flood: Object.keys(FIELDS.flood)[0],
  air: Object.keys(FIELDS.air)[0]
};

export interface UptimeDay {
  date: string;
  expected: number;
  received: number;
  /** received ÷ expected, at most 1 (a sensor reporting faster than promised is not more than up). */
  share: number;
}

export interface SensorUptime extends SensorLabel {
  intervalS: number;
  days: UptimeDay[];
  expected: number;
  received: number;
  share: number;
}

export interface UptimeInsight extends InsightRange {
  dates: string[];
  sensors: SensorUptime[];
}

const shareOf = (received: number, expected: number) => (expected > 0 ? Math.min(1, received / expected) : 0);

/** Buckets hold a count of readings in `<field>_count`; they are summed into the WITA days of the range. */
export function sensorUptime(sensor: Sensor, buckets: readonly Bucket[], range: InsightRange): SensorUptime {
  const key = `${UPTIME_FIELD[sensor.kind]}_count`;
  const received = new Map<string, number>();
  for (const b of buckets) {
    const n = b.values[key];
    if (typeof n !== 'number' || b.ts < range.from || b.ts >= range.to) continue;
    const date = witaDate(b.ts);
    received.set(date, (received.get(date) ?? 0) + n);
  }
  const days = witaDaysIn(range.from, range.to).map(({ date, coveredMs }) => {
    const expected = Math.floor(coveredMs / (sensor.intervalS * 1000));
    const got = received.get(date) ?? 0;
    return { date, expected, received: got, share: shareOf(got, expected) };
  });
  const expected = days.reduce((s, d) => s + d.expected, 0);
  // Capped per day: a day of double reports does not hide a silent one.
  const counted = days.reduce((s, d) => s + Math.min(d.received, d.expected), 0);
  const label = { sensor: sensor.id, name: sensor.name, district: sensor.district, kind: sensor.kind };
  return { ...label, intervalS: sensor.intervalS, days, expected, received: counted, share: shareOf(counted, expected) };
}

/** Every sensor, least up first, then by kind and id. */
export function uptimeInsight(sensors: Iterable<Sensor>, buckets: SensorBuckets, range: InsightRange): UptimeInsight {
  const rows = [...sensors].map((s) => sensorUptime(s, buckets.get(s.id) ?? [], range));
  rows.sort((a, b) => a.share - b.share || a.kind.localeCompare(b.kind) || (a.sensor < b.sensor ? -1 : 1));
  return { ...range, dates: witaDaysIn(range.from, range.to).map((d) => d.date), sensors: rows };
}
