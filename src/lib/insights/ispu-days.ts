import { ISPU_BREAKPOINTS, ISPU_CATEGORIES, ispu, type IspuCategoryKey, type IspuPollutant } from '../core/air-index';
import type { Sensor } from '../core/sensor';
import { witaDate } from './time';
import type { Bucket, InsightRange, SensorBuckets, SensorLabel } from './types';

/**
 * ISPU days: per station and WITA month, how many days fell in each ISPU category. A day's index is
 * the ISPU (core/air-index.ts) of the day's mean concentration of each pollutant, the mean of its
 * hourly means, as P.14/2020 takes 24-hour means for particles. A day counts once at least half of
 * its hours have readings: an index from a morning alone would judge the whole day by it.
 */
export const MIN_HOURS_PER_DAY = 12;

export type CategoryCounts = Record<IspuCategoryKey, number>;

export interface StationMonth {
  month: string;
  counts: CategoryCounts;
  days: number;
}

export interface StationIspu extends SensorLabel {
  months: StationMonth[];
  /** Days per category over the whole range. */
  totals: CategoryCounts;
  days: number;
}

export interface IspuInsight extends InsightRange {
  stations: StationIspu[];
  /** Every month of the range, oldest first, so all stations share one axis. */
  months: string[];
}

export interface DailyIspu {
  date: string;
  hours: number;
  value: number;
  category: IspuCategoryKey;
}

export function emptyCounts(): CategoryCounts {
  return Object.fromEntries(ISPU_CATEGORIES.map((c) => [c.key, 0])) as CategoryCounts;
}

const POLLUTANTS = Object.keys(ISPU_BREAKPOINTS) as IspuPollutant[];

/** Hourly means → one index per WITA day with enough hours, oldest first. */
export function dailyIspu(hourly: readonly Bucket[]): DailyIspu[] {
  const days = new Map<string, { hours: number; sum: Partial<Record<IspuPollutant, number>>; n: Partial<Record<IspuPollutant, number>> }>();
  for (const b of hourly) {
    const present = POLLUTANTS.filter((p) => typeof b.values[p] === 'number');
    if (present.length === 0) continue;
    const date = witaDate(b.ts);
    let d = days.get(date);
    if (!d) days.set(date, (d = { hours: 0, sum: {}, n: {} }));
    d.hours++;
    for (const p of present) {
      d.sum[p] = (d.sum[p] ?? 0) + b.values[p];
      d.n[p] = (d.n[p] ?? 0) + 1;
    }
  }
  const out: DailyIspu[] = [];
  for (const [date, d] of [...days].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (d.hours < MIN_HOURS_PER_DAY) continue;
    const means = Object.fromEntries(Object.entries(d.sum).map(([p, s]) => [p, s / d.n[p as IspuPollutant]!]));
    const index = ispu(means);
    out.push({ date, hours: d.hours, value: index.value, category: index.category.key });
  }
  return out;
}

function stationIspu(sensor: Sensor, hourly: readonly Bucket[], monthList: readonly string[]): StationIspu {
  const byMonth = new Map(monthList.map((m) => [m, emptyCounts()]));
  const totals = emptyCounts();
  let days = 0;
  for (const d of dailyIspu(hourly)) {
    const counts = byMonth.get(d.date.slice(0, 7));
    if (!counts) continue;
    counts[d.category]++;
    totals[d.category]++;
    days++;
  }
  const months = [...byMonth].map(([month, counts]) => ({ month, counts, days: Object.values(counts).reduce((a, b) => a + b, 0) }));
  return { sensor: sensor.id, name: sensor.name, district: sensor.district, kind: sensor.kind, months, totals, days };
}

/** `2026-10` … `2026-12`: the WITA months [fromMs, toMs) touches. */
export function monthsIn(fromMs: number, toMs: number): string[] {
  const first = witaDate(fromMs);
  const last = witaDate(toMs - 1);
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last.slice(0, 7)) return out;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
}

/** Stations worst first: most days at Tidak Sehat or worse, then by id. */
export function ispuInsight(sensors: Iterable<Sensor>, buckets: SensorBuckets, range: InsightRange): IspuInsight {
  const months = monthsIn(range.from, range.to);
  const unhealthy = (s: StationIspu) => ISPU_CATEGORIES.filter((c) => c.level >= 2).reduce((n, c) => n + s.totals[c.key], 0);
  const stations = [...sensors].filter((s) => s.kind === 'air').map((s) => stationIspu(s, buckets.get(s.id) ?? [], months));
  stations.sort((a, b) => unhealthy(b) - unhealthy(a) || (a.sensor < b.sensor ? -1 : 1));
  return { ...range, months, stations };
}
