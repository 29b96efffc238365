import { SENSOR_KINDS } from '../../core/sensor';
import { raisedIn } from '../episodes';
import { previousPeriod, sameLastWeek } from '../period';
import type { ReportPeriod } from '../types';
import type { FactContext } from './context';

/** What changed: emergency alerts in this period against the one before and the same one a week earlier. */
export interface ChangeRow {
  kind: 'all' | (typeof SENSOR_KINDS)[number];
  current: number;
  previous: number;
  lastWeek: number;
}

export interface ChangeFacts {
  previous: ReportPeriod;
  lastWeek: ReportPeriod;
  rows: ChangeRow[];
}

export function computeChangeFacts(ctx: FactContext, shifts?: readonly number[]): ChangeFacts {
  const { period } = ctx.input;
  const previous = previousPeriod(period, shifts);
  const lastWeek = sameLastWeek(period);
  const emergencies = (p: ReportPeriod) => raisedIn(ctx.episodes, p.start, p.end).filter((e) => e.alert.category === 'emergency');
  const [cur, prev, week] = [ctx.emergencies, emergencies(previous), emergencies(lastWeek)];
  const rows: ChangeRow[] = [{ kind: 'all', current: cur.length, previous: prev.length, lastWeek: week.length }];
  for (const kind of SENSOR_KINDS) {
    const n = (list: typeof cur) => list.filter((e) => e.alert.kind === kind).length;
    rows.push({ kind, current: n(cur), previous: n(prev), lastWeek: n(week) });
  }
  return { previous, lastWeek, rows };
}
