import { ispu, ISPU_CATEGORIES, type IspuPollutant } from '../../core/air-index';
import { siagaLevel } from '../../core/flood-levels';
import { levelIntervals } from '../episodes';
import { DAY_MS, WEEK_MS, witaMidnight, witaParts } from '../period';
import type { FactContext } from './context';

/**
 * Patterns over the lookback the recommendations are drawn from: a junction approach reaching Macet
 * in the same half-hour of many weekdays (from congestion alerts), gauges at Siaga 3 or worse on
 * several days, air stations Tidak Sehat on several days (both from the hourly aggregates).
 */
export const WEEKDAYS_EXAMINED = 10;
export const SLOT_MIN = 30;
const MACET_LEVEL = 3;
const TIDAK_SEHAT_LEVEL = ISPU_CATEGORIES.find((c) => c.key === 'tidak-sehat')!.level;

export interface MacetPattern {
  sensorId: string;
  name: string;
  /** Weekdays, of the last WEEKDAYS_EXAMINED, on which the approach was Macet in the window. */
  days: number;
  weekdays: number;
  /** Window in minutes after 00:00 WITA: [fromMin, toMin). */
  fromMin: number;
  toMin: number;
  /** Start of the first and last weekday examined. */
  firstDay: number;
}

export interface DaysPattern {
  sensorId: string;
  name: string;
  /** Day starts (00:00 WITA) of the last 7 days on which the level was reached. */
  days: number[];
  /** Flood: the worst Siaga number reached (1 worst); air: the worst ISPU category level. */
  worst: number;
}

export interface PatternFacts {
  macet: MacetPattern[];
  floodDays: DaysPattern[];
  airDays: DaysPattern[];
}

/** Day starts of the last `n` weekdays (Mon–Fri, WITA) that began before `end`, newest first. */
export function lastWeekdays(end: number, n: number): number[] {
  const out: number[] = [];
  for (let d = witaMidnight(end - 1); out.length < n; d -= DAY_MS) {
    const wd = witaParts(d).weekday;
    if (wd >= 1 && wd <= 5) out.push(d);
  }
  return out;
}

function macetPatterns(ctx: FactContext): MacetPattern[] {
  const end = ctx.input.period.end;
  const days = lastWeekdays(end, WEEKDAYS_EXAMINED);
  const daySet = new Set(days);
  const slotsPerDay = (24 * 60) / SLOT_MIN;
  const hits = new Map<string, Set<number>[]>(); // sensor → slot → day starts
  for (const e of ctx.episodes) {
    if (e.alert.rule !== 'congestion') continue;
    for (const [a, b] of levelIntervals(e, MACET_LEVEL, end)) {
      for (let t = Math.floor(a / (SLOT_MIN * 60_000)) * SLOT_MIN * 60_000; t < b; t += SLOT_MIN * 60_000) {
        const day = witaMidnight(t);
        if (!daySet.has(day)) continue;
        const slots = hits.get(e.alert.sensorId) ?? Array.from({ length: slotsPerDay }, () => new Set<number>());
        hits.set(e.alert.sensorId, slots);
        slots[Math.floor((t - day) / (SLOT_MIN * 60_000))].add(day);
      }
    }
  }
  return [...hits].map(([sensorId, slots]) => {
    const counts = slots.map((s) => s.size);
    const best = Math.max(...counts);
    let [from, to] = [counts.indexOf(best), counts.indexOf(best) + 1];
    while (from > 0 && counts[from - 1] === best) from--;
    while (to < slotsPerDay && counts[to] === best) to++;
    return { sensorId, name: ctx.sensors.get(sensorId)?.name ?? sensorId, days: best, weekdays: days.length, fromMin: from * SLOT_MIN, toMin: to * SLOT_MIN, firstDay: days[days.length - 1] };
  }).sort((a, b) => b.days - a.days || a.sensorId.localeCompare(b.sensorId));
}

/** Per sensor of `kind`, the days of the last week on which `level(hour)` (bigger is worse, 0 = fine) was positive. */
function daysPatterns(ctx: FactContext, kind: 'flood' | 'air', level: (sensorId: string, mean: Record<string, number>, max: Record<string, number>) => number): DaysPattern[] {
  const end = ctx.input.period.end;
  const from = end - WEEK_MS;
  const found = new Map<string, { days: Set<number>; worst: number }>();
  for (const h of ctx.input.hourly) {
    if (h.hour < from || h.hour >= end || ctx.sensors.get(h.sensorId)?.kind !== kind) continue;
    const l = level(h.sensorId, h.mean, h.max);
    if (l <= 0) continue;
    const f = found.get(h.sensorId) ?? { days: new Set<number>(), worst: 0 };
    f.days.add(witaMidnight(h.hour));
    f.worst = Math.max(f.worst, l);
    found.set(h.sensorId, f);
  }
  return [...found].map(([sensorId, f]) => ({ sensorId, name: ctx.sensors.get(sensorId)?.name ?? sensorId, days: [...f.days].sort((a, b) => a - b), worst: f.worst }))
    .sort((a, b) => b.days.length - a.days.length || a.sensorId.localeCompare(b.sensorId));
}

export function computePatternFacts(ctx: FactContext): PatternFacts {
  const floodDays = daysPatterns(ctx, 'flood', (id, _mean, max) => {
    const t = ctx.sensors.get(id)?.flood;
    return t && max.water_level !== undefined ? siagaLevel(max.water_level, t).severity : 0;
  }).map((p) => ({ ...p, worst: 4 - p.worst }));
  const airDays = daysPatterns(ctx, 'air', (_id, mean) => {
    const r = ispu(mean as Partial<Record<IspuPollutant, number>>);
    return r.dominant && r.category.level >= TIDAK_SEHAT_LEVEL ? r.category.level : 0;
  });
  return { macet: macetPatterns(ctx), floodDays, airDays };
}
