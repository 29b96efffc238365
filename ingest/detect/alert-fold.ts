// Two open alerts for one sensor and rule (a restore of open alerts that came late after a restart, past main.ts's
// RESTORE_WAIT_MS, meets the alert a reading raised again meanwhile): which stays, and folding the other into it
// (foldEntry), which carries the condition over through the usual update (alert-update.ts). alert-policy.ts decides when.
import { SEVERITY_RANK, type Alert, type AlertEvent, type Finding, type Text } from '../../src/lib/core/alert';
import { unionComments, unionSteps } from '../../src/lib/core/alert-lifecycle';
import { holdAlert, type Entry } from './alert-entry';
import { updateAlert, type PolicyView } from './alert-update';

/**
 * The alert that stays is the one raised first: people know it (its acknowledgement, assignee, comments) and the
 * notifier runs its chain, so its backup and lead come on its own time. Ties go by id, so every restart picks the same.
 */
export function foldOrder(a: Alert, b: Alert): { keep: Alert; fold: Alert } {
  const aFirst = a.raisedAt < b.raisedAt || (a.raisedAt === b.raisedAt && a.id < b.id);
  return aFirst ? { keep: a, fold: b } : { keep: b, fold: a };
}

/**
 * The kept alert, unacknowledged, with the folded one's time escalation (`escalated`, its raised severity): people were
 * paged at that severity, so the kept goes on at it and its own escalation is spent. Without it the merge told the kept at
 * the milder severity and the next tick escalated it again: a page more for the primary, the CAP feed briefly milder.
 * The notifier's chain of the kept goes on on its own time (the merge is an update, no new round).
 */
export function carryEscalation(keep: Alert, fold: Alert): Alert {
  if (keep.state !== 'raised' || keep.escalated || !fold.escalated) return keep;
  const severity = SEVERITY_RANK[fold.severity] > SEVERITY_RANK[keep.severity] ? fold.severity : keep.severity;
  return { ...keep, escalated: true, severity };
}

/** The condition an open alert states, as a finding: what it carries over when no reading since the start told it. */
export function findingOf(a: Alert): Finding {
  const f: Finding = { rule: a.rule, category: a.category, active: true, severity: a.severity, level: a.level, value: a.value, title: a.title, explanation: a.explanation, action: a.action };
  if (a.valueField !== undefined) f.valueField = a.valueField;
  if (a.normal !== undefined) f.normal = a.normal;
  return f;
}

/**
 * What people did on the folded alert, kept on the one that stays: comments, ticked steps, the assignee when the kept
 * has none, and its acknowledgement when the kept is unacknowledged (it was made on the condition as it is now: the
 * policy takes an acknowledgement back when its alert gets worse). A note in both languages names the folded alert.
 */
export function carryPeople(keep: Alert, fold: Alert, by: string, at: number): Alert {
  const next: Alert = { ...keep, comments: unionComments(keep.comments, [...fold.comments, { by, at, text: both(keptNote(fold.id)) }]) };
  if (next.assignee === undefined && fold.assignee !== undefined) next.assignee = fold.assignee;
  const steps = unionSteps(keep.steps, fold.steps);
  if (steps) next.steps = steps;
  if (keep.state === 'raised' && fold.state === 'acknowledged' && fold.acknowledgedAt !== undefined) {
    next.state = 'acknowledged';
    next.acknowledgedAt = fold.acknowledgedAt;
    next.acknowledgedBy = fold.acknowledgedBy;
    if (fold.acknowledgedVia !== undefined) next.acknowledgedVia = fold.acknowledgedVia;
  }
  return next;
}

/**
 * The folded alert closed, naming the one it went into (`mergedInto`): its chain stops and nobody is told it ended
 * (the notifier, the CAP feed and the console read mergedInto: the condition goes on in the kept alert).
 */
export function closeFolded(fold: Alert, keepId: string, by: string, at: number): Alert {
  const when = Math.max(at, fold.updatedAt + 1);
  // bounded as people's comments are (unionComments sorts and bounds what it adds)
  const comments = unionComments(fold.comments, [{ by, at: when, text: both(foldedNote(keepId)) }]);
  return { ...fold, state: 'resolved', resolvedAt: when, resolvedBy: by, mergedInto: keepId, updatedAt: when, comments };
}

/**
 * Two open alerts for one sensor and rule: an alert restored late (InfluxDB slow at the start) and the one a reading
 * raised meanwhile. The first raised stays, with its acknowledgement, people's work and the notifier's chain; the
 * condition now comes to it as any reading's would (update: worse than its peak reopens an acknowledged alert and pages),
 * and the other is closed as merged into it (no all-clear, its chain stops). Left alone, both stayed open for good and
 * the acknowledged flood was paged a whole new round.
 */
export function foldEntry(e: Entry, cur: Alert, other: Alert, at: number, v: PolicyView): AlertEvent[] {
  const { keep: first, fold: gone } = foldOrder(cur, other);
  const keep = carryEscalation(first, gone);
  // on the ingest's clock (its latest tick), after both: a restored alert's event time is its own stored one
  const clock = v.clockOf();
  const stamp = Math.max(Number.isFinite(clock) ? clock : at, at, keep.updatedAt + 1, gone.updatedAt + 1);
  holdAlert(e, { ...keep }); // its own peak (with the escalation carried): only going past it is news
  const [told] = updateAlert(e, e.lastFinding ?? findingOf(gone), stamp, v, true);
  e.alert = carryPeople(e.alert!, gone, v.o.by, told.at);
  e.lastClosedId = gone.id;
  const closed = closeFolded(gone, keep.id, v.o.by, told.at);
  return [{ ...told, alert: e.alert }, { type: 'resolved', at: closed.updatedAt, by: v.o.by, alert: closed }];
}

const both = (t: Text) => `${t.id} / ${t.en}`;

function foldedNote(keepId: string): Text {
  return {
    id: `Digabung ke peringatan ${keepId}: ingest dimulai ulang dan menaikkan peringatan ini sebelum membaca yang sudah terbuka; kondisinya berlanjut di sana.`,
    en: `Merged into alert ${keepId}: the ingest restarted and raised this one before it read back the open one; the condition goes on there.`
  };
}

function keptNote(foldId: string): Text {
  return {
    id: `Peringatan ${foldId}, dinaikkan lagi untuk kondisi ini saat ingest dimulai ulang, digabung ke sini.`,
    en: `Alert ${foldId}, raised again for this condition while the ingest restarted, was merged into this one.`
  };
}
