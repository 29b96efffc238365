import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import { alertVersion } from '../../../src/lib/core/alert-lifecycle';
import type { DeliveryReason, Directory, Person } from '../../../src/lib/core/people';
import { onCall, teamsFor } from '../../../src/lib/notify/rota';
import { usableChannels } from './attempts';
import type { DispatcherDeps, MessageSubject } from './dispatcher-types';
import type { Sender } from './dispatcher-send';
import type { DueStep, EscalationStep, Escalations } from './escalation';
import type { FiredSteps } from './fired-steps';
import type { NewsFilter } from './news';
import type { PagingAlerts } from './paging';
import { isPaging, stepHolders, type Recipient } from './route';
import { OWN_FAILURES } from './own-failures';

/**
 * The dispatcher's escalation side (dispatcher.ts routes events and hands these the paging ones): a round's chains
 * opened per covering team, a team with nobody reachable as primary paged past it at once, due steps paged, and a page
 * that reached nobody bringing the next step forward. Sends through the dispatcher's sender (dispatcher-send.ts).
 */

/** How new an event is, for telling a replay from a new round of paging. */
export const stampOf = (event: AlertEvent): number => Math.max(event.at, event.alert.updatedAt);

export interface ChainPagingDeps {
  deps: Pick<DispatcherDeps, 'directory' | 'channels' | 'record' | 'log' | 'minuteMs'>;
  now: () => number;
  counts: { nobodyOnCall: number };
  escalations: Escalations;
  paging: PagingAlerts;
  fired: FiredSteps;
  sender: Pick<Sender, 'send' | 'undeliverable' | 'reachable' | 'stepKeyFor' | 'stepWith' | 'settled'>;
  /** Who was told of what (news.ts): a backup or lead paged at a step heard of the alert. */
  told: Pick<NewsFilter, 'tell'>;
}

export interface ChainPaging {
  /** A paging event's chains (startChain below): who to page at once beside the event's own recipients. */
  startChain(event: AlertEvent, directory: Directory, at: number, worse: boolean, news: boolean): Recipient[];
  /** A restored round never handled of a team with nobody reachable as primary: its holders to page now. */
  atOnceUnpaged(directory: Directory, alert: Alert, teamId: string, at: number): Recipient[];
  /** A due step paged (a tick's). */
  escalate(due: DueStep, directory: Directory, at: number, paged: Set<string>): void;
  /** A page that reached nobody (the sender's hook). */
  unreached(person: Person, alertId: string, reason: DeliveryReason, teamId: string | undefined): void;
}

export function createChainPaging({ deps, now, counts, escalations, paging, fired, sender, told }: ChainPagingDeps): ChainPaging {
  const { send, undeliverable, reachable, stepKeyFor, stepWith, settled } = sender;

  /**
   * A team with nobody reachable on call as primary (none, or one with no usable channel) has nobody on call in effect:
   * its backup is paged at once, or its lead at once when there is no reachable backup either. Null when its primary is
   * reachable; else who to page now (an unreachable person too, so the page is recorded as undeliverable on the alert)
   * and the steps that makes done. Logged and counted.
   */
  function nobodyPrimary(directory: Directory, alertId: string, teamId: string, at: number): { now: Recipient[]; steps: EscalationStep[] } | null {
    const { primary, backup, lead } = onCall(directory, teamId, at);
    if (reachable(primary)) return null;
    counts.nobodyOnCall++;
    const who = primary ? `its primary ${primary.id} has no usable channel` : 'it has no primary on call now';
    const next = reachable(backup) ? 'paging the backup at once' : lead ? `no reachable backup; paging the lead ${lead.id} at once` : 'no reachable backup and no lead: nobody to page';
    deps.log(`escalation of ${alertId}: team ${teamId}: ${who}; ${next}`);
    const now: Recipient[] = backup ? [{ person: backup, reason: 'backup', teamId }] : [];
    if (reachable(backup)) return { now, steps: ['backup'] };
    if (lead) now.push({ person: lead, reason: 'lead', teamId });
    return { now, steps: ['backup', 'lead'] }; // over at once, remembered against replays
  }

  /**
   * Starts the chain per covering team, its primary paged with the event's other messages (route.ts); with nobody
   * reachable as primary, its backup or lead at once (nobodyPrimary, returned to be sent with them). The alert got
   * `worse`: the backups and leads already paged (by its open chain, or by its last round, over unacknowledged) hear it
   * too, with links newer than the worsening (theirs are now refused as stale); a new round does not page them again when
   * their step comes.
   */
  function startChain(event: AlertEvent, directory: Directory, at: number, worse: boolean, news: boolean): Recipient[] {
    const alert = event.alert;
    if (!isPaging(alert) || (event.type !== 'raised' && event.type !== 'escalated')) return [];
    const stamp = stampOf(event);
    if (escalations.isOpen(alert.id)) return escalations.seen(alert.id, stamp), worse ? stepHolders(directory, escalations.stepsDone(alert.id), at) : [];
    // Nothing new (the ingest's time escalation after a chain ended): no new round.
    if (!news) return [];
    // A replay (journal, broker redelivery) of an event whose chain has finished or stopped: not a new round.
    if (escalations.isStale(alert.id, stamp)) return [];
    const reached = worse ? escalations.stepsDone(alert.id) : [];
    const now: Recipient[] = [];
    // The round's steps are keyed in the send ledger by this version (restore.ts finds it as the round's opening copy).
    const round = alertVersion(alert);
    for (const t of teamsFor(directory, alert)) {
      const team = { teamId: t.id, backupAfterMin: t.backupAfterMin, leadAfterMin: t.leadAfterMin };
      const nobody = nobodyPrimary(directory, alert.id, t.id, at);
      if (!nobody) escalations.open(alert.id, [team], at, stamp, round);
      else now.push(...nobody.now), escalations.restore(alert.id, team, at, nobody.steps, stamp, round);
    }
    // Once every team's chain runs: a step marked done ends a chain only when all of the alert's are.
    const again = reached.filter((s) => escalations.markDone(alert.id, s.teamId, s.step));
    now.push(...stepHolders(directory, again, at));
    if (escalations.isOpen(alert.id)) paging.keep(alert);
    else paging.settle(alert.id, alert);
    return now;
  }

  /**
   * restore()'s round whose paging event the notifier never handled, of a team with nobody reachable as primary: the
   * steps a live notifier would have done at once (nobodyPrimary) and the restored chain still has to come are done now
   * (noted as a tick's would be: a restore read later may not see their records yet); their holders returned.
   */
  function atOnceUnpaged(directory: Directory, alert: Alert, teamId: string, at: number): Recipient[] {
    const nobody = escalations.isOpen(alert.id) ? nobodyPrimary(directory, alert.id, teamId, at) : null;
    if (!nobody) return [];
    const pending = nobody.steps.filter((step) => escalations.markDone(alert.id, teamId, step));
    for (const step of pending) fired.note(alert, teamId, step);
    return nobody.now.filter((r) => (pending as string[]).includes(r.reason));
  }

  /**
   * A due step; a backup missing or unreachable then means the lead is paged at once (and the chain ends). `paged`: the
   * alert and person pairs this tick paged already: one holding steps of two teams due together hears it once (restore.ts
   * counts that page for both teams).
   */
  function escalate(due: DueStep, directory: Directory, at: number, paged: Set<string>): void {
    const alert = paging.get(due.alertId);
    if (!alert) return;
    const person = onCall(directory, due.teamId, at)[due.step];
    fired.note(alert, due.teamId, due.step);
    if (!person || !reachable(person)) {
      counts.nobodyOnCall++;
      // The lead goes now unless this team's lead step is already done (a late tick returns both steps at once).
      const leadNow = due.step === 'backup' && escalations.markDone(due.alertId, due.teamId, 'lead');
      deps.log(`escalation of ${due.alertId}: team ${due.teamId} has no ${person ? `reachable ${due.step} (${person.id} has no usable channel)` : `${due.step} on call now`}${leadNow ? '; paging the lead at once' : ''}`);
      if (person) undeliverable(person, [due.alertId], due.step, due.teamId);
      return leadNow ? escalate({ ...due, step: 'lead' }, directory, at, paged) : undefined;
    }
    if (paged.has(`${due.alertId}\u0000${person.id}`)) return stepWith(due);
    paged.add(`${due.alertId}\u0000${person.id}`);
    told.tell(alert, person.id);
    // Sent before a restart whose restore could not see its record (stepSent missed it: an unknown outcome, a late tick): not again.
    const keyed = stepKeyFor(person, due, at);
    if (!keyed) return;
    const waitedMin = Math.round((at - due.openedAt) / (deps.minuteMs ?? 60_000));
    const subject: MessageSubject = { type: 'alert', event: 'escalated', alert, reason: due.step, teamId: due.teamId, at, by: 'notifier', waitedMin };
    send(person, subject, due.step, true, () => settled(keyed.key), due.teamId, keyed);
  }

  /**
   * A page that reached nobody (given up on every channel: a provider down, an expired token; or none to go by): the next step
   * of each team whose chain waits on this person (the one paged for, and any other this person is primary, or backup,
   * of) is paged now, not after the team's delay, as for a primary with no usable channel (nobodyPrimary). Only a step
   * still to come next of an open chain, marked done (no tick pages it again; a restore sees its record); logged and
   * counted as `nobodyOnCall`; on the alert, the person's page is recorded given up with why the next step came early.
   */
  function unreached(person: Person, alertId: string, reason: DeliveryReason, teamId: string | undefined): void {
    const alert = paging.get(alertId);
    const step = reason === 'oncall' ? 'backup' : reason === 'backup' ? 'lead' : null;
    if (!alert || !step || !escalations.isOpen(alertId)) return;
    const at = now();
    const directory = deps.directory();
    const role = reason === 'oncall' ? 'primary' : 'backup';
    const paged = new Set<string>();
    for (const t of teamsFor(directory, alert)) {
      if (t.id !== teamId && onCall(directory, t.id, at)[role]?.id !== person.id) continue;
      const due = escalations.advance(alertId, t.id, step);
      if (!due) continue;
      counts.nobodyOnCall++;
      const why = step === 'backup' ? OWN_FAILURES.unreachedBackup : OWN_FAILURES.unreachedLead;
      deps.log(`escalation of ${alertId}: team ${t.id}: the ${reason} page to ${person.id} reached nobody: ${why}`);
      const channel = usableChannels(person, deps.channels).at(-1)?.kind ?? person.channels[0]?.kind ?? 'webpush';
      deps.record({ at, alertIds: [alertId], personId: person.id, personName: person.name, teamId: t.id, reason, channel, status: 'given_up', attempt: 0, error: why });
      escalate(due, directory, at, paged);
    }
    paging.settle(alertId);
  }

  return { startChain, atOnceUnpaged, escalate, unreached };
}
