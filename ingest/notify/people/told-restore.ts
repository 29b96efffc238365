import type { AlertEvent } from '../../../src/lib/core/alert';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { levelOf, type Told } from './news';

/**
 * After a restart, what people were told of each alert before it (news.ts keeps it in memory only): the ingest's
 * reminder of a critical alert (an `escalated` raising neither severity nor version) arriving after a restart paged the
 * primary and told every subscriber a second time, and, its chain over, opened a new round. Read back from the stored
 * events and the notifier's delivery records of the same days: the alert as heard (its paging events), and each person
 * with a record about it as told of the alert as its events stood when the record was written. A record older than
 * every event read says nothing (the person is then told again: a duplicate, never a miss).
 */

export interface ToldSeed {
  alertId: string;
  /** Null: the alert itself (what its paging events said), for whether a new round may open. */
  personId: string | null;
  level: Told;
}

interface Step {
  at: number;
  level: Told;
}

/** Per alert, its events by time, each with the most told up to it (levels only rise: news.ts keeps the most). */
function levelsByTime(events: readonly AlertEvent[]): Map<string, Step[]> {
  const by = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const list = by.get(e.alert.id);
    if (list) list.push(e);
    else by.set(e.alert.id, [e]);
  }
  const out = new Map<string, Step[]>();
  for (const [id, list] of by) {
    let rank = -Infinity;
    let version = -Infinity;
    const steps = [...list].sort((a, b) => a.at - b.at).map((e) => {
      const l = levelOf(e.alert);
      rank = Math.max(rank, l.rank);
      version = Math.max(version, l.version);
      return { at: e.at, level: { rank, version } };
    });
    out.set(id, steps);
  }
  return out;
}

/** The last step at or before `at` (binary search), if any. */
function stepAt(steps: readonly Step[], at: number): Step | undefined {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid].at <= at) lo = mid + 1;
    else hi = mid;
  }
  return steps[lo - 1];
}

/** Pure: what was told of each alert, and to whom, by the events and the records read at a restart. */
export function toldBefore(events: readonly AlertEvent[], records: readonly DeliveryRecord[]): ToldSeed[] {
  const seeds: ToldSeed[] = [];
  for (const [alertId, steps] of levelsByTime(events.filter((e) => e.type === 'raised' || e.type === 'escalated'))) seeds.push({ alertId, personId: null, level: steps[steps.length - 1].level });
  const levels = levelsByTime(events);
  for (const r of records) {
    // An `uncovered` record names nobody.
    if (!r.personId || r.status === 'uncovered') continue;
    for (const alertId of r.alertIds) {
      const step = stepAt(levels.get(alertId) ?? [], r.at);
      if (step) seeds.push({ alertId, personId: r.personId, level: step.level });
    }
  }
  return seeds;
}
