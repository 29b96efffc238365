/**
 * The order of the responder app's list: what is mine first. Pure, so it is unit-tested and the page
 * stays a view. "Mine" is an alert assigned to me (by login or by my name in the directory), then
 * alerts my teams cover (their kinds and districts; an empty list covers all), then the rest; inside
 * each group the console's order (severity, then newest).
 */
import type { Alert } from '$lib/core/alert';
import type { SensorKind } from '$lib/core/sensor';
import { compareAlerts } from '$lib/realtime/merge';

export type Closeness = 'mine' | 'team' | 'other';

export interface Me {
  user: string;
  /** The directory's name of this login's person, when there is one (assignees are often typed as names). */
  name?: string;
  teams: ReadonlyArray<{ kinds: readonly SensorKind[]; districts: readonly string[] }>;
}

const RANK: Record<Closeness, number> = { mine: 0, team: 1, other: 2 };

const same = (a: string, b: string) => a.trim().toLocaleLowerCase('id') === b.trim().toLocaleLowerCase('id');

export function closeness(alert: Alert, me: Me): Closeness {
  const assignee = alert.assignee;
  if (assignee && (same(assignee, me.user) || (me.name !== undefined && same(assignee, me.name)))) return 'mine';
  const covered = me.teams.some(
    (t) => (t.kinds.length === 0 || t.kinds.includes(alert.kind)) && (t.districts.length === 0 || t.districts.includes(alert.district))
  );
  return covered ? 'team' : 'other';
}

/** Open alerts only, mine first; each with how close it is to me (the card says so). */
export function orderForResponder(alerts: Iterable<Alert>, me: Me): Array<{ alert: Alert; closeness: Closeness }> {
  const open: Array<{ alert: Alert; closeness: Closeness }> = [];
  for (const alert of alerts) if (alert.state !== 'resolved') open.push({ alert, closeness: closeness(alert, me) });
  return open.sort((a, b) => RANK[a.closeness] - RANK[b.closeness] || compareAlerts(a.alert, b.alert));
}
