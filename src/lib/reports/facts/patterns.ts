import { ispu, ISPU_CATEGORIES, type IspuPollutant } from '../../core/air-index';
import { siagaLevel } from '../../core/flood-levels';
import { createReadingState } from '../../core/reading-state';
import type { Sensor } from '../../core/sensor';
import type { TrafficLevelKey } from '../../core/traffic-levels';
import type { TrafficSlot } from '../types';
import { DAY_MS, WEEK_MS, witaMidnight, witaParts } from '../period';
import type { FactContext } from './context';

/**
 * Patterns over the lookback the recommendations are drawn from, all from readings: a junction
 * approach at Macet in the same half-hour of many weekdays (the level of service of each half-hour's
 * mean speed, flow and occupancy), gauges at Siaga 3 or worse on several days, air stations Tidak
 * Sehat on several days (both from the hourly aggregates). Alerts are not used: an alert is raised
 * once per episode and may be silenced or deduplicated, the readings say what the road did.
 */
export const WEEKDAYS_EXAMINED = 10;
export const SLOT_MIN = 30;
export const SLOT_MS = SLOT_MIN * 60_000;
const MACET: TrafficLevelKey = 'macet';
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

/** True when the half-hour's means put the approach at Macet (LOS E/F), graded as the live map grades a reading. */
export function slotIsMacet(sensor: Sensor, slot: TrafficSlot): boolean {
  const state = createReadingState(sensor, { sensorId: slot.sensorId, kind: 'traffic', ts: slot.start, values: slot.mean });
  return state.kind === 'traffic' && state.level === MACET;
}

/** Per approach, the half-hour of the day it was Macet on most of the last weekdays (from its readings, not its alerts). */
function macetPatterns(ctx: FactContext): MacetPattern[] {
  const end = ctx.input.period.end;
  const days = lastWeekdays(end, WEEKDAYS_EXAMINED);
  const daySet = new Set(days);
  const slotsPerDay = (24 * 60) / SLOT_MIN;
  const hits = new Map<string, Set<number>[]>(); // sensor → slot → day starts
  for (const slot of ctx.input.trafficSlots) {
    const day = witaMidnight(slot.start);
    const sensor = ctx.sensors.get(slot.sensorId);
    if (!daySet.has(day) || slot.start >= end || sensor?.kind !== 'traffic' || !slotIsMacet(sensor, slot)) continue;
    const slots = hits.get(slot.sensorId) ?? Array.from({ length: slotsPerDay }, () => new Set<number>());
    hits.set(slot.sensorId, slots);
    slots[Math.floor((slot.start - day) / SLOT_MS)].add(day);
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
