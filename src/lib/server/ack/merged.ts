import { isMergedAway, SEVERITY_RANK, type Alert } from '../../core/alert';

/**
 * An acknowledge link for an alert merged into another (`mergedInto`: raised again for one condition across an ingest
 * restart) acknowledges the alert it went into: the link was sent to that person for that condition, and the kept
 * alert's chain is the one still paging (a refusal let the backup and lead be paged though the primary answered).
 */

/** Hops followed at most: the ingest folds into the first-raised alert, so one is usual; a loop must not spin. */
const MAX_HOPS = 3;

/** The held alert a merged-away one goes on in; undefined when it is not merged away or that alert is not held. */
export function keptAlertOf(alert: Alert, held: (id: string) => Alert | undefined): Alert | undefined {
  let at = alert;
  for (let hop = 0; hop < MAX_HOPS && isMergedAway(at); hop++) {
    const next = held(at.mergedInto!);
    if (!next) return undefined;
    at = next;
  }
  return at === alert || isMergedAway(at) ? undefined : at;
}

/**
 * Whether the kept alert states a worse condition than the merged one's last copy (what the person was told): by level
 * and severity, not versions or clocks, since the two alerts' versions are unrelated and the fold itself may set the
 * kept alert's `worsenedAt` when it carries the condition over.
 */
export function worseThanTold(kept: Alert, told: Alert): boolean {
  return SEVERITY_RANK[kept.severity] > SEVERITY_RANK[told.severity] || kept.level > told.level;
}
