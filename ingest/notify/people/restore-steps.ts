import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { onCall } from '../../../src/lib/notify/rota';
import type { EscalationStep } from './escalation';

/** Which of a restored chain's steps its delivery records show done (restore.ts tells the chains from them). */

/** The chain's records for one step say it is over: sent (a Web Push alone counts only as the person's last channel) or given up. */
export function stepDone(records: readonly DeliveryRecord[], directory: Directory): boolean {
  return records.some((r) => {
    if (r.status === 'given_up') return true;
    // A critical page accepted by a push service goes on by the person's next channel (attempts.ts): not over yet,
    // unless the push was their last channel or that next channel has answered since (unknown channels: sent again).
    const channels = directory.people.find((p) => p.id === r.personId)?.channels.filter((c) => c.enabled).sort((a, b) => a.rank - b.rank) ?? [];
    const last = channels.at(-1)?.kind;
    if (r.status === 'fallback') return last !== undefined && r.channel === last && records.some((s) => s.status === 'sent' && s.at <= r.at);
    return r.status === 'sent' && (r.channel !== 'webpush' || last === 'webpush');
  });
}

/**
 * The done steps no page of which reached anyone since the alert's latest worsening: the notifier stopped before it
 * handled the worsening (the broker or the journal brings it after the restart, but the chain restored at that
 * version no longer takes it for one). A page cut mid-send since counts as not reached: it goes again.
 */
export function staleSteps(alert: Alert, done: readonly EscalationStep[], pagesOf: (step: EscalationStep) => DeliveryRecord[], directory: Directory): EscalationStep[] {
  const worsenedAt = alert.worsenedAt;
  if (worsenedAt === undefined) return [];
  return done.filter((step) => !stepDone(pagesOf(step).filter((r) => r.at >= worsenedAt), directory));
}

/**
 * The records of a team's step: its own, and the backup or lead pages of the alert's other teams that went to the one
 * holding this step then, once the step was due. A person holding steps of two teams due in the same tick is paged once
 * (dispatcher.ts), recorded under one team; a page for the other team before this step was due (one's backup at 5 min,
 * the other's lead at 30) is not this step: paged again when it comes. Due by the chain's minute counted as the
 * dispatcher's `waitedMin` (rounded): a record is dated after its send, and steps come whole minutes apart (escalation.ts).
 */
export function stepPages(
  team: { id: string; backupAfterMin: number; leadAfterMin: number },
  openedAt: number,
  minuteMs: number,
  round: readonly DeliveryRecord[],
  directory: Directory
): (step: EscalationStep) => DeliveryRecord[] {
  const dueMin = { backup: team.backupAfterMin, lead: Math.max(team.backupAfterMin, team.leadAfterMin) };
  return (step) =>
    round.filter((r) =>
      r.teamId === team.id
        ? r.reason === step
        : (r.reason === 'backup' || r.reason === 'lead') &&
          Math.round((r.at - openedAt) / minuteMs) >= dueMin[step] &&
          onCall(directory, team.id, r.at)[step]?.id === r.personId
    );
}

/**
 * Whether a team's primary was never paged for a round's paging event (`since` it, `round`): no record shows the notifier
 * handled it for the team: no page of the team (on call, whatever came of it: one cut mid-send goes again by the event
 * journal under the same ledger key; a backup or lead, paged at once with nobody on call, or at its step), nor an on-call
 * page of another team to the one this team had on call as primary then (one message per person per event). The
 * notifier was down when it came, longer than the broker keeps it: the backup and lead alone would be paged.
 */
export function primaryUnpaged(teamId: string, round: readonly DeliveryRecord[], directory: Directory): boolean {
  return !round.some((r) => (r.teamId === teamId ? r.reason === 'oncall' || r.reason === 'backup' || r.reason === 'lead' : r.reason === 'oncall' && onCall(directory, teamId, r.at).primary?.id === r.personId));
}

/** A paging event for one not read (a copy of the look-back, an event past the read's limit): raised, or the worsening, then. */
export function pagingEvent(e: AlertEvent, at: number): AlertEvent {
  if (e.type === 'raised' || e.type === 'escalated') return e;
  return { type: e.alert.worsenedAt === undefined ? 'raised' : 'escalated', at, by: '', alert: { ...e.alert, updatedAt: at } };
}

/**
 * When a team's chain opened: the earliest on-call page of the paging event that opened it (the latest before the
 * team's own first page), of any team. Teams whose chains open in one handle() go on from one clock, as live: each
 * from its own page (dated after its send) put one lead of two teams in two ticks (paged twice), and a slow send made
 * her page, sent when that team's lead step was due too, look early for it (stepPages): paged again. Not an earlier
 * event's pages: a team added later (a district, an admin) whose chain opened at a worsening had its steps counted from
 * another team's first page of the round, long before (its lead paged early after a restart). No page of its own:
 * the round's first on-call page. Event times are the ingest's clock, as `from` (the round's start) is.
 * Loops, not Math.min(...): a storm's records for one alert can outnumber the call stack's arguments.
 */
export function teamOpenedAt(teamId: string, round: readonly DeliveryRecord[], pagings: readonly number[], from: number): number {
  const own = round.reduce((min, r) => (r.teamId === teamId && CHAIN_REASONS.has(r.reason) && r.at < min ? r.at : min), Infinity);
  const opened = Number.isFinite(own) ? pagings.reduce((max, t) => (t <= own && t > max ? t : max), -Infinity) : -Infinity;
  const firstOnCall = round.reduce((min, r) => (r.reason === 'oncall' && r.at >= opened && r.at < min ? r.at : min), own);
  return Number.isFinite(firstOnCall) ? firstOnCall : from;
}

const CHAIN_REASONS: ReadonlySet<DeliveryRecord['reason']> = new Set(['oncall', 'backup', 'lead']);
