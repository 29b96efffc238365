// The dispatcher's delivery side: one message to one person on the bounded pool (ledger hooks, resend waits, undeliverable pages, per-channel counts); dispatcher.ts decides who hears what.
import type { ChannelKind, DeliveryReason, DeliveryRecord, DeliveryStatus, Person, PersonChannel } from '../../../src/lib/core/people';
import { deliver, usableChannels, type DeliveryOutcome } from './attempts';
import { abortableSleep, type DispatcherDeps, type MessageSubject } from './dispatcher-types';
import { createJobPool, type JobPool } from './pool';
import type { SendLedger } from './send-ledger';

/** An event's message in the send ledger: its key, and a wait before a resend after an unknown outcome. */
export type Keyed = { key: string; waitMs: number };

const UNDELIVERABLE = 'no usable channel (none enabled, or none configured on this server)';

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
}

/**
 * `counts`: the dispatcher's counters this side adds to. `onDirect`: a direct message about an alert went to
 * a person (their digest's held copy of it is old news).
 */
export function createSender(deps: DispatcherDeps, now: () => number, counts: { messages: number; unreachable: number }, sends: SendLedger | undefined, onDirect: (personId: string, alertId: string) => void): Sender {
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
    if (usableChannels(person, deps.channels).length === 0) {
      counts.unreachable++;
      if (reason !== 'subscription' && reason !== 'digest') undeliverable(person, alertIds, reason, teamId);
      finish();
      return;
    }
    counts.messages++;
    // A direct message about an alert makes its held copy old news: out of the digest, its event finished.
    if (subject.type === 'alert') onDirect(person.id, subject.alert.id);
    const ledger = keyed && sends;
    const job = {
      person, reason, teamId, alertIds, critical,
      message: (c: PersonChannel) => deps.message(person, subject, c),
      ...(ledger ? { onTry: (c: ChannelKind) => ledger.tried(keyed.key, c, now()), onResult: (c: ChannelKind, ok: boolean) => ledger.result(keyed.key, c, ok) } : {})
    };
    const push = () => pool.push({
      critical,
      run: async () => {
        let outcome: DeliveryOutcome = { ok: false };
        try {
          outcome = await deliver(job, { channels: deps.channels, now, sleep: deps.sleep ?? abortableSleep, record, disable: deps.disable, random: deps.random }, abort.signal);
        } finally {
          // Cut short by close(): left unfinished, so the event journal routes it again at the next start.
          if (outcome.ok || !abort.signal.aborted) {
            if (ledger) ledger.done(keyed.key);
            finish();
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

  return {
    send,
    undeliverable,
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
