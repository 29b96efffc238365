// The dispatcher's delivery side: one message to one person on the bounded pool (send-ledger keys and hooks, resend waits, undeliverable pages, pages that reached nobody, per-channel counts); dispatcher.ts decides who hears what.
import type { ChannelKind, DeliveryReason, DeliveryRecord, DeliveryStatus, Person, PersonChannel } from '../../../src/lib/core/people';
import { deliver, usableChannels, type DeliveryOutcome } from './attempts';
import { abortableSleep, type DispatcherDeps, type MessageSubject } from './dispatcher-types';
import { createJobPool, type JobPool } from './pool';
import type { AlertEvent } from '../../../src/lib/core/alert';
import type { DueStep } from './escalation';
import type { Recipient } from './route';
import { guardLedger, ledgerVerdict, messageKey } from './send-ledger';
import { OWN_FAILURES } from './own-failures';

/** An event's message in the send ledger: its key, and a wait before a resend after an unknown outcome. */
export type Keyed = { key: string; waitMs: number };

const UNDELIVERABLE = OWN_FAILURES.undeliverable;

/** Counts per `<channel>.<status>`, for metrics. */
const countKey = (channel: ChannelKind, status: DeliveryStatus): string => `${channel}.${status}`;

export interface Sender {
  /** One message to one person on the pool; `finish` once it is delivered or given up. */
  send(person: Person, subject: MessageSubject, reason: DeliveryReason, critical: boolean, finish: () => void, teamId?: string, keyed?: Keyed): void;
  /**
   * A page (on-call, backup, lead) with no channel to go by: on the alert and in the audit log as given up,
   * and logged, so the console shows that this person was never reached (startChain then moves on at once).
   */
  undeliverable(person: Person, alertIds: string[], reason: DeliveryReason, teamId?: string): void;
  /** A delivery record, counted per channel and status. */
  record(r: DeliveryRecord): void;
  reachable(person: Person | undefined): boolean;
  /** Resolves once no resend waits and the pool is empty. */
  idle(): Promise<void>;
  /** Cuts waits and deliveries short (left unfinished for the event journal). */
  close(): Promise<void>;
  deliveries(): Record<string, number>;
  pool: Pick<JobPool, 'stats'>;
  /**
   * An event's message the ledger may know from before a restart: null when it must not go (again), else its key (in
   * flight until `settled`) and how long to wait. An unknown outcome is put on the alert either way.
   */
  keyFor(r: Recipient, event: AlertEvent, critical: boolean, at: number): Keyed | null;
  /**
   * An escalation step's page (a tick's, or one brought forward): keyed by its round, team and step, not by person or
   * event, so a restarted notifier whose restore did not see its record (InfluxDB away: the records waited in memory
   * and were lost at the stop) finds it sent. Null when it must not go (again); an unknown outcome as keyFor.
   */
  stepKeyFor(person: Person, due: DueStep, at: number): Keyed | null;
  /** The ledger shows the step's page went out (done, or a channel took it): a restore takes the step as done. */
  stepSent(due: Pick<DueStep, 'alertId' | 'teamId' | 'step' | 'round'>): boolean;
  /** The step's holder was paged for another team's step due with it (one page): done in the ledger too. */
  stepWith(due: DueStep): void;
  /** The keyed message is finished: delivered, given up, or sent (or counted) in a digest. */
  settled(key: string): void;
}

/** What the dispatcher is told of a send's fate. */
export interface SendHooks {
  /** A direct message about an alert went to a person (their digest's held copy of it is old news). */
  onDirect(personId: string, alertId: string): void;
  /**
   * A page (on-call, backup, lead) about an alert reached nobody: given up on every channel, or none to go by. Not told
   * when close() cut it short (left for the event journal).
   */
  onUnreached(person: Person, alertId: string, reason: DeliveryReason, teamId?: string): void;
}

const PAGES: ReadonlySet<DeliveryReason> = new Set(['oncall', 'backup', 'lead']);

type SendCounts = { messages: number; unreachable: number; notResent: number; outcomeUnknown: number };

/** `counts`: the dispatcher's counters this side adds to. */
export function createSender(deps: DispatcherDeps, now: () => number, counts: SendCounts, hooks: SendHooks): Sender {
  const sends = deps.sends && guardLedger(deps.sends, deps.log);
  // Keys of event messages not yet finished: the same event again meanwhile (the broker redelivers what it had no
  // PUBACK for while the journal replays it) is neither sent twice nor taken for a crash's unknown outcome.
  const inFlight = new Set<string>();
  const abort = new AbortController();
  const pool = createJobPool({ concurrency: deps.concurrency ?? 64, maxQueued: deps.maxQueued ?? 100_000, onError: (err) => deps.log(`delivery failed unexpectedly: ${(err as Error).stack ?? err}`) });
  const waiting = new Set<Promise<void>>();
  const deliveries: Record<string, number> = {};

  function record(r: DeliveryRecord): void {
    deliveries[countKey(r.channel, r.status)] = (deliveries[countKey(r.channel, r.status)] ?? 0) + 1;
    deps.record(r);
  }

  function send(person: Person, subject: MessageSubject, reason: DeliveryReason, critical: boolean, finish: () => void, teamId?: string, keyed?: Keyed): void {
    const alertIds = subject.type === 'alert' ? [subject.alert.id] : subject.alerts.map((a) => a.id);
    const unreached = () => subject.type === 'alert' && PAGES.has(reason) && hooks.onUnreached(person, subject.alert.id, reason, teamId);
    if (usableChannels(person, deps.channels).length === 0) {
      counts.unreachable++;
      if (PAGES.has(reason)) undeliverable(person, alertIds, reason, teamId);
      finish();
      unreached();
      return;
    }
    counts.messages++;
    // A direct message about an alert makes its held copy old news: out of the digest, its event finished.
    if (subject.type === 'alert') hooks.onDirect(person.id, subject.alert.id);
    const ledger = keyed && sends;
    const job = {
      person, reason, teamId, alertIds, critical,
      message: (c: PersonChannel) => deps.message(person, subject, c),
      ...(ledger ? { onTry: (c: ChannelKind) => ledger.tried(keyed.key, c, now()), onResult: (c: ChannelKind, ok: boolean) => ledger.result(keyed.key, c, ok) } : {})
    };
    const push = () => pool.push({
      critical,
      page: PAGES.has(reason),
      run: async () => {
        let outcome: DeliveryOutcome = { ok: false };
        try {
          outcome = await deliver(job, { channels: deps.channels, now, sleep: deps.sleep ?? abortableSleep, record, disable: deps.disable, random: deps.random }, abort.signal);
        } finally {
          // Cut short by close(): left unfinished, so the event journal routes it again at the next start.
          if (outcome.ok || !abort.signal.aborted) {
            if (ledger) ledger.done(keyed.key);
            finish();
            if (!outcome.ok) unreached();
          }
        }
      },
      dropped: finish
    });
    if (!keyed || keyed.waitMs <= 0) return push();
    // A resend after an unknown outcome waits outside the pool: a slot held that long would keep fresh pages waiting.
    const wait = (deps.sleep ?? abortableSleep)(keyed.waitMs, abort.signal).then(() => {
      waiting.delete(wait);
      if (!abort.signal.aborted) push(); // cut by close(): left unfinished for the journal
    });
    waiting.add(wait);
  }

  function undeliverable(person: Person, alertIds: string[], reason: DeliveryReason, teamId?: string): void {
    const channel = person.channels.find((c) => c.enabled)?.kind ?? person.channels[0]?.kind ?? 'webpush';
    record({ at: now(), alertIds, personId: person.id, personName: person.name, teamId, reason, channel, status: 'given_up', attempt: 0, error: UNDELIVERABLE });
    deps.log(`${reason} page about ${alertIds.join(', ')} to ${person.id}${teamId ? ` (team ${teamId})` : ''} not sent: ${UNDELIVERABLE}`);
  }

  /** `key` may go: null when in flight or the ledger has it done (or its unknown outcome not to be sent again). */
  function keyed(key: string, alertId: string, r: Recipient, critical: boolean, at: number): Keyed | null {
    const go = (waitMs: number): Keyed => (inFlight.add(key), { key, waitMs });
    if (inFlight.has(key)) return void counts.notResent++, null;
    if (!sends) return go(0);
    const verdict = ledgerVerdict(sends.lookup(key, critical), critical, at, deps.channelTimeoutMs ?? 10_000);
    if (verdict.act === 'send') return go(0);
    if (verdict.act === 'skip') return void counts.notResent++, null;
    counts.outcomeUnknown++;
    const error = verdict.resend ? 'the notifier stopped while sending: outcome unknown, sent again (critical)' : 'the notifier stopped while sending: outcome unknown, not sent again';
    record({ at, alertIds: [alertId], personId: r.person.id, personName: r.person.name, teamId: r.teamId, reason: r.reason, channel: verdict.channel, status: 'unknown', attempt: 0, error });
    if (!verdict.resend) return sends.done(key), null;
    return go(verdict.waitMs);
  }

  function keyFor(r: Recipient, event: AlertEvent, critical: boolean, at: number): Keyed | null {
    // One message per person per event, whatever the reason or team: the live path sends each person one (handle's
    // byPerson), but a restore re-pages per team's chain, so a lead of two teams (or a lead who was one team's primary)
    // was keyed, and paged, once per team; and a page keyed under the other team before the stop went out again.
    return keyed(messageKey([event.alert.id, event.type, event.alert.updatedAt, event.at, r.person.id]), event.alert.id, r, critical, at);
  }

  /** Who holds the step may change with the rota, the step is sent once a round all the same: no person in the key. */
  const stepKey = (d: Pick<DueStep, 'alertId' | 'teamId' | 'step' | 'round'>): string => messageKey(['step', d.alertId, d.round ?? 0, d.teamId, d.step]);

  function stepSent(d: Pick<DueStep, 'alertId' | 'teamId' | 'step' | 'round'>): boolean {
    const state = sends?.lookup(stepKey(d), true).kind;
    return state === 'done' || state === 'reached';
  }

  return {
    send,
    undeliverable,
    keyFor,
    stepKeyFor: (person, due, at) => keyed(stepKey(due), due.alertId, { person, reason: due.step, teamId: due.teamId }, true, at),
    stepSent,
    stepWith: (due) => sends?.done(stepKey(due)),
    settled: (key) => void inFlight.delete(key),
    record,
    reachable: (person) => !!person && usableChannels(person, deps.channels).length > 0,
    async idle() {
      while (waiting.size > 0) await Promise.all(waiting);
      await pool.idle();
    },
    async close() {
      abort.abort();
      await pool.idle();
    },
    deliveries: () => ({ ...deliveries }),
    pool
  };
}
