import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import { alertVersion } from '../../../src/lib/core/alert-lifecycle';
import type { DeliveryReason, Person } from '../../../src/lib/core/people';
import { onCall } from '../../../src/lib/notify/rota';
import { usableChannels } from './attempts';
import { createDigests, DEFAULT_DIGEST } from './digest';
import { createEscalations } from './escalation';
import { createFiredSteps } from './fired-steps';
import { createPagingAlerts } from './paging';
import { createQuietHolds } from './quiet';
import type { Dispatcher, DispatcherDeps } from './dispatcher-types';
import { createChainPaging } from './dispatcher-chain';
import { createSender, type Keyed } from './dispatcher-send';
import { createNewsFilter } from './news';
import { matchesSubscription, quietedFor, recipientsFor, stepHolders, type Quieted, type Recipient } from './route';

export { abortableSleep, type Dispatcher, type DispatcherDeps, type DispatcherStats, type MessageSubject } from './dispatcher-types';

/**
 * The people dispatcher: alert events in, messages to people out. Routes each event (route.ts), runs
 * the escalation chain of critical emergencies (escalation.ts; its rounds and steps paged by dispatcher-chain.ts), holds storms per person into digests
 * (digest.ts) and delivers with retry and fallback (attempts.ts) on a bounded pool (dispatcher-send.ts). No I/O of its own:
 * the directory, the channels, the rendering and where records go are given (service.ts wires them).
 */

interface Held {
  alert: Alert;
  finish: () => void;
}

const MAX_PAGING_ALERTS = 10_000;
/** A person's message as a subscriber only (not paged), when a subscription of theirs matches the alert. */
const asSubscriber = (person: Person, alert: Alert): Recipient[] => (person.subscriptions.some((s) => matchesSubscription(s, alert)) ? [{ person, reason: 'subscription' }] : []);

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const now = deps.now ?? Date.now;
  const escalations = createEscalations({ minuteMs: deps.minuteMs, maxOpen: MAX_PAGING_ALERTS });
  const digests = createDigests<Held>(deps.digest ?? DEFAULT_DIGEST);
  const paging = createPagingAlerts(escalations, MAX_PAGING_ALERTS);
  const quiet = createQuietHolds();
  const fired = createFiredSteps(MAX_PAGING_ALERTS);
  // What each person was told of each alert: an `escalated` that raises neither severity nor version is no news to them (news.ts).
  const told = createNewsFilter();
  const counts = { events: 0, messages: 0, unreachable: 0, nobodyOnCall: 0, quietSkipped: 0, notResent: 0, outcomeUnknown: 0 };
  const sender = createSender(deps, now, counts, {
    onDirect: (personId, alertId) => digests.take(personId, (h) => h.alert.id === alertId)?.finish(),
    onUnreached: (person, alertId, reason, teamId) => chains.unreached(person, alertId, reason, teamId)
  });
  const { send, record, keyFor, stepSent, settled, ...delivery } = sender;
  const chains = createChainPaging({ deps, now, counts, escalations, paging, fired, sender, told });
  const { startChain, atOnceUnpaged, escalate } = chains;

  /** Non-critical messages to subscribers pass the person's digest window first. */
  function offer(person: Person, event: AlertEvent, reason: DeliveryReason, finish: () => void, teamId?: string, keyed?: Keyed): void {
    const critical = event.alert.severity === 'critical';
    const at = now();
    const same = (h: Held) => h.alert.id === event.alert.id;
    const first = usableChannels(person, deps.channels)[0];
    const heldRecord = () => first && record({ at, alertIds: [event.alert.id], personId: person.id, personName: person.name, teamId, reason, channel: first.kind, status: 'held', attempt: 0 });
    // Already held for the digest: resolved unheard, it is no news (dropped); otherwise the digest shows it as it is now.
    const old = critical ? undefined : event.type === 'resolved' ? digests.take(person.id, same) : digests.replace(person.id, same, { alert: event.alert, finish });
    if (old) {
      old.finish();
      if (event.type === 'resolved') finish();
      else heldRecord();
      return;
    }
    const verdict = digests.offer(person.id, critical, { alert: event.alert, finish }, at);
    if (verdict !== 'send') {
      heldRecord();
      // Not kept, only counted in the digest: its event must not stay pending (the journal checkpoint waits on it).
      if (verdict === 'counted') finish();
      return;
    }
    send(person, { type: 'alert', event: event.type, alert: event.alert, reason, teamId, at: event.at, by: event.by }, reason, critical, finish, teamId, keyed);
  }

  /** Not sent for quiet hours: on the alert and in the audit log as `quiet`, kept for the digest when they end. */
  function skipQuiet(q: Quieted, event: AlertEvent, at: number): void {
    const first = usableChannels(q.person, deps.channels)[0];
    if (!first) return void counts.unreachable++;
    counts.quietSkipped++;
    record({ at, alertIds: [event.alert.id], personId: q.person.id, personName: q.person.name, reason: 'subscription', channel: first.kind, status: 'quiet', attempt: 0, until: q.until });
    // A resolution is not news to someone who never heard of the alert (update() has dropped it from the digest).
    if (event.type !== 'resolved') quiet.hold(q.person.id, event.alert, q.until, at), told.tell(event.alert, q.person.id);
  }

  /** The event's message to each recipient (about `alert`, its copy as now known), unless the send ledger has it going or gone. */
  function dispatch(recipients: readonly Recipient[], event: AlertEvent, alert: Alert, at: number, finish: () => void): void {
    for (const r of recipients) {
      // Told, whatever comes of it (news.ts); a resolution has forgotten the alert.
      if (event.type !== 'resolved') told.tell(alert, r.person.id);
      const keyed = keyFor(r, event, r.reason !== 'subscription' || alert.severity === 'critical', at);
      if (!keyed) {
        finish();
        continue;
      }
      const settle = () => (settled(keyed.key), finish());
      if (r.reason === 'subscription') offer(r.person, event, r.reason, settle, undefined, keyed);
      else send(r.person, { type: 'alert', event: event.type, alert, reason: r.reason, teamId: r.teamId, at: event.at, by: event.by }, r.reason, true, settle, r.teamId, keyed);
    }
  }

  return {
    handle(event, done = () => undefined) {
      counts.events++;
      const at = now();
      const directory = deps.directory();
      const verdict = paging.note(event);
      if (verdict === 'stop') escalations.stop(event.alert.id);
      // Refused by the ingest (an acknowledgement of the copy from before a worsening): not the alert's state.
      if (verdict !== 'ignored') quiet.update(event.alert);
      // Not news to those told (news.ts): no message to them; the chain's own steps go on. News to someone told nothing
      // yet (on call or subscribed since): they hear it.
      const news = told.news(event);
      const toThem = (r: { person: Person }) => told.newsTo(event, r.person.id);
      for (const q of quietedFor(directory, event, at).filter(toThem)) skipQuiet(q, event, at);
      // A copy the acknowledgement already heard covers (the ingest escalated it before it merged the acknowledgement):
      // no page and no chain; its primary hears of it only as a subscriber, if one.
      const answered = verdict === 'answered';
      const routed = recipientsFor(directory, event, at).filter(toThem).flatMap((r) => (answered && r.reason === 'oncall' ? asSubscriber(r.person, event.alert) : [r]));
      const byPerson = new Map(routed.map((r) => [r.person.id, r]));
      // A backup or lead paged at once (no primary on call) or again (a worsening) replaces a subscriber's message, never an on-call one.
      for (const b of answered ? [] : startChain(event, directory, at, verdict === 'worse', news)) if (byPerson.get(b.person.id)?.reason !== 'oncall') byPerson.set(b.person.id, b);
      const recipients = [...byPerson.values()];
      for (const r of recipients) quiet.release(r.person.id, event.alert.id);
      let left = recipients.length + 1;
      const finish = () => {
        if (--left === 0) done();
      };
      dispatch(recipients, event, event.alert, at, finish);
      finish();
    },
    tick(at) {
      const directory = deps.directory();
      const due = escalations.tick(at);
      // A late tick returns a team's backup and lead at once, its chain already ended: the alert goes after both steps.
      const paged = new Set<string>();
      for (const d of due) escalate(d, directory, at, paged);
      for (const d of due) paging.settle(d.alertId);
      for (const digest of digests.tick(at)) {
        const person = directory.people.find((p) => p.id === digest.personId && p.active);
        const finishAll = () => digest.items.forEach((h) => h.finish());
        if (!person) {
          finishAll();
          continue;
        }
        send(person, { type: 'digest', alerts: digest.items.map((h) => h.alert), more: digest.more, at }, 'digest', false, finishAll);
      }
      for (const q of quiet.tick(at)) {
        const person = directory.people.find((p) => p.id === q.personId && p.active);
        if (person) send(person, { type: 'digest', alerts: q.alerts, more: q.more, quietWindowMs: at - q.since, at }, 'digest', false, () => undefined);
      }
    },
    restore(alert, teamId, openedAt, done, stale, unpaged, round = alertVersion(alert), worsenings = []) {
      const directory = deps.directory();
      const team = directory.teams.find((t) => t.id === teamId);
      if (!team) return;
      // Steps a tick paged in this round since the start (a restore from records read before their pages landed), or
      // before the stop (the send ledger has them; their records never reached InfluxDB): done.
      const paged = fired.of(alert, teamId);
      const sent = (['backup', 'lead'] as const).filter((step) => [round, ...worsenings].some((r) => stepSent({ alertId: alert.id, teamId, step, round: r })));
      const steps = [...new Set([...done, ...paged, ...sent])];
      // The stored alert is the newest known: a replayed event is no newer than it, so a chain found over stays over.
      escalations.restore(alert.id, { teamId, backupAfterMin: team.backupAfterMin, leadAfterMin: team.leadAfterMin }, openedAt, steps, Math.max(openedAt, alert.updatedAt), round);
      const at = now();
      // Its paging event came while the notifier was down, never to be redelivered: the primary on call now hears of it,
      // or with nobody reachable as primary, the backup (or lead) at once, as live; under its ledger key (redelivered
      // after all, or replayed, it pages no one twice).
      const primary = unpaged && onCall(directory, teamId, at).primary;
      const atOnce = unpaged && !steps.includes('lead') ? atOnceUnpaged(directory, alert, teamId, at) : [];
      if (escalations.isOpen(alert.id)) paging.keep(paging.get(alert.id) ?? alert);
      else paging.settle(alert.id, alert);
      // A worsening stored before the stop but not handled is, redelivered, no worsening to a chain restored at its version:
      // the steps paged before it (links now refused as stale) go now, under its event's ledger keys (sent before the stop: not again).
      const again = stale?.steps.filter((step) => !paged.includes(step)) ?? [];
      if (stale) dispatch(stepHolders(directory, again.map((step) => ({ teamId, step })), at), stale.event, alert, at, () => undefined);
      if (unpaged) dispatch([...(primary ? [{ person: primary, reason: 'oncall' as const, teamId }] : []), ...atOnce], unpaged, alert, at, () => undefined);
    },
    answered(alert) {
      if (alert.state === 'raised') return;
      // As the event would have been heard live: a copy older than a worsening heard since is `ignored`.
      if (paging.note({ type: alert.state === 'resolved' ? 'resolved' : 'acknowledged', at: alert.updatedAt, by: '', alert }) === 'stop') escalations.stop(alert.id);
    },
    restoreQuiet: (personId, alert, until, at) => quiet.hold(personId, alert, until, at),
    restoreTold: (seeds) => seeds.forEach((t) => told.restore(t.alertId, t.personId, t.level)),
    idle: delivery.idle,
    close: delivery.close,
    stats() {
      const d = digests.stats();
      return { ...counts, quietHolding: quiet.size().people, deliveries: delivery.deliveries(), digests: d.digests, held: d.held, criticalPassed: d.criticalPassed, escalation: escalations.stats(), pool: delivery.pool.stats() };
    }
  };
}
