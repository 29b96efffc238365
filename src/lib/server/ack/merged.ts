import { isMergedAway, SEVERITY_RANK, type Alert } from '../../core/alert';

/**
 * An acknowledge link for an alert merged into another (`mergedInto`: raised again for one condition across an ingest
 * restart) acknowledges the alert it went into: the link was sent to that person for that condition, and the kept
 * alert's chain is the one still paging (a refusal let the backup and lead be paged though the primary answered).
 */

/** Hops followed at most: the ingest folds into the first-raised alert, so one is usual; a loop must not spin. */
const MAX_HOPS = 3;

/**
 * The held alert a merged-away one goes on in; undefined when it is not merged away or that alert is not held. Only an
 * alert of the same sensor and rule: the ingest folds no other, so a `mergedInto` naming one (a bad or crafted copy)
 * must not let a link acknowledge another sensor's alert and stop its paging.
 */
export function keptAlertOf(alert: Alert, held: (id: string) => Alert | undefined): Alert | undefined {
  let at = alert;
  for (let hop = 0; hop < MAX_HOPS && isMergedAway(at); hop++) {
    const next = held(at.mergedInto!);
    if (!next || next.sensorId !== alert.sensorId || next.rule !== alert.rule) return undefined;
    at = next;
  }
  return at === alert || isMergedAway(at) ? undefined : at;
}

/**
 * Whether the kept alert states a worse condition than the merged one's last copy (what the person was told): by level
 * and severity, not versions or clocks, since the two alerts' versions are unrelated and the fold itself may set the
 * kept alert's `worsenedAt` when it carries the condition over. Severity without the raise of a time escalation
 * (`escalated`): the older kept alert is usually escalated by time and the newer not yet, the same water; counted, the
 * primary's link was refused as stale and the kept alert's chain paged the backup and lead though the primary answered.
 */
export function worseThanTold(kept: Alert, told: Alert): boolean {
  return conditionRank(kept) > conditionRank(told) || kept.level > told.level;
}

/**
 * The severity rank of the condition itself: an escalated alert's severity is its condition's raised one rank (ingest
 * alert-entry.ts raiseSeverity: info → warning → critical), so one rank down, the mildest condition it can state.
 */
function conditionRank(a: Pick<Alert, 'severity' | 'escalated'>): number {
  const rank = SEVERITY_RANK[a.severity];
  return a.escalated ? Math.max(0, rank - 1) : rank;
}
