import type { AlertRule } from '../../core/alert';
import type { SensorKind } from '../../core/sensor';
import { compareEpisodes, raisedIn } from '../episodes';
import { HOUR_MS } from '../period';
import type { Episode } from '../types';
import { countBy, type FactContext } from './context';

/** What happened: emergency alerts raised in the period by kind, district and level, and the worst episodes. */
export interface AlertFacts {
  emergency: number;
  /** Maintenance alerts (sensor faults) raised in the period: they page no one. */
  maintenance: number;
  byKind: { kind: SensorKind; count: number }[];
  byDistrict: { district: string; count: number }[];
  byLevel: { rule: AlertRule; level: number; count: number }[];
  /** Emergency alerts raised in each hour of the period. */
  perHour: number[];
  worst: Episode[];
}

export const WORST_EPISODES = 5;

export function computeAlertFacts(ctx: FactContext): AlertFacts {
  const { period } = ctx.input;
  const all = raisedIn(ctx.episodes, period.start, period.end);
  const em = ctx.emergencies;
  const perHour = new Array<number>(Math.ceil((period.end - period.start) / HOUR_MS)).fill(0);
  for (const e of em) perHour[Math.floor((e.alert.raisedAt - period.start) / HOUR_MS)]++;
  return {
    emergency: em.length,
    maintenance: all.length - em.length,
    byKind: [...countBy(em, (e) => e.alert.kind)].map(([kind, count]) => ({ kind: kind as SensorKind, count })),
    byDistrict: [...countBy(em, (e) => e.alert.district)].map(([district, count]) => ({ district, count })),
    byLevel: [...countBy(em, (e) => `${e.alert.rule}\u0000${e.maxLevel}`)].map(([k, count]) => {
      const [rule, level] = k.split('\u0000');
      return { rule: rule as AlertRule, level: Number(level), count };
    }),
    perHour,
    worst: [...em].sort(compareEpisodes).slice(0, WORST_EPISODES)
  };
}
