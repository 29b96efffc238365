import type { Alert, AlertEvent, AlertEventType } from '../../../src/lib/core/alert';
import type { DeliveryReason, DeliveryRecord, Directory, Person, PersonChannel } from '../../../src/lib/core/people';
import type { Channel, OutgoingMessage } from '../channels/types';
import type { EscalationStats, EscalationStep } from './escalation';
import type { SendLedger } from './send-ledger';
import type { ToldSeed } from './told-restore';

/** The dispatcher's contract (dispatcher.ts builds it): what it is given, what it offers, what it counts. */

/** What a message is about; the renderer turns it into words in the person's language. */
export type MessageSubject =
  | { type: 'alert'; event: AlertEventType; alert: Alert; reason: DeliveryReason; teamId?: string; at: number; by: string; waitedMin?: number }
  /** `quietWindowMs`: the alerts still open after the person's quiet hours (quiet.ts), held that long. */
  /** `at`: when the digest went out (its tag carries it: each digest is its own notification). */
  | { type: 'digest'; alerts: Alert[]; more: number; quietWindowMs?: number; at?: number };

export interface DispatcherDeps {
  directory: () => Directory;
  channels: ReadonlyMap<string, Channel>;
  /** Built per channel: the acknowledge link inside names the channel it went by. */
  message: (person: Person, subject: MessageSubject, channel: PersonChannel) => OutgoingMessage;
  record: (record: DeliveryRecord) => void;
  disable: (person: Person, channel: PersonChannel, reason: string) => void;
  log: (message: string) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** The length of a team's escalation "minute" (NOTIFY_TEST_MINUTE_MS shortens it in tests only). */
  minuteMs?: number;
  digest?: { maxPerWindow: number; windowMs: number };
  concurrency?: number;
  maxQueued?: number;
  /** Messages caused by events, before and after each attempt (send-ledger.ts): a restart does not send again what went out. */
  sends?: SendLedger;
  /** One provider request's limit (CHANNEL_TIMEOUT_MS): an attempt cut by a crash is resent no sooner than this after it began. */
  channelTimeoutMs?: number;
}

export interface DispatcherStats {
  events: number;
  messages: number;
  /** Recipients with no usable channel (none enabled, or none configured here). */
  unreachable: number;
  /** Escalation steps due with nobody holding the role. */
  nobodyOnCall: number;
  deliveries: Record<string, number>;
  digests: number;
  held: number;
  /** Messages not sent for quiet hours (recorded `quiet`), and people with alerts kept for their morning digest. */
  quietSkipped?: number;
  quietHolding?: number;
  /** After a restart: messages not sent again (the ledger says they went out), and those whose outcome was unknown. */
  notResent?: number;
  outcomeUnknown?: number;
  criticalPassed: number;
  escalation: EscalationStats;
  pool: { running: number; queued: number; dropped: number };
}

export interface Dispatcher {
  /** Routes one event; `done` runs once every message it caused is delivered, given up or sent in a digest. */
  handle(event: AlertEvent, done?: () => void): void;
  /** Escalation steps and digests due at `now`. */
  tick(now: number): void;
  /**
   * A chain found at start (service restore): steps already sent are not repeated; one found over is remembered so a
   * replayed event does not reopen it; arriving after a replay reopened it, its done steps are merged in. `stale`: done
   * steps paged before the alert's latest worsening (restore.ts), paged again now, keyed by that worsening's event.
   * `unpaged`: a paging event the team's primary never heard of (the notifier was down): paged now, keyed by it.
   * `round`: the round's version (restore.ts; the alert's by default): a step the send ledger has sent in it is done;
   * so is one sent under a `worsenings` version (a worsening that found the chain over opened a round at its version).
   */
  restore(alert: Alert, teamId: string, openedAt: number, done: readonly EscalationStep[], stale?: { steps: readonly EscalationStep[]; event: AlertEvent }, unpaged?: AlertEvent, round?: number, worsenings?: readonly number[]): void;
  /**
   * An alert whose stored copies, merged, are acknowledged or resolved (service restore, paging.ts answeredAlerts): its
   * version remembered as if heard live, so the ingest's copy stamped before it merged the acknowledgement (its 10-minute
   * `escalated`, arriving after the restart) pages nobody; a chain open at that version (a replay) stops.
   */
  answered(alert: Alert): void;
  /** A message held for someone's quiet hours before a restart (service restore): in their digest when they end. */
  restoreQuiet(personId: string, alert: Alert, until: number, at: number): void;
  /** What people were told of each alert before a restart (service restore, told-restore.ts): no news is sent them again. */
  restoreTold(seeds: readonly ToldSeed[]): void;
  idle(): Promise<void>;
  close(): Promise<void>;
  stats(): DispatcherStats;
}

/** A wait cut short by `signal`; its listener goes when the wait ends (the dispatcher's signal lives as long as it does). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => (clearTimeout(t), resolve());
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
