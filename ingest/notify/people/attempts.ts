import { backoffDelayMs, type BackoffPolicy } from '../../../src/lib/core/backoff';
import type { ChannelKind, DeliveryReason, DeliveryRecord, DeliveryStatus, Person, PersonChannel } from '../../../src/lib/core/people';
import type { Channel, OutgoingMessage } from '../channels/types';

/**
 * One message to one person: the person's enabled channels in rank order. A retryable failure (network,
 * 429, 5xx) is tried again with backoff a bounded number of times (fewer and shorter for a critical
 * alert: the next channel is the better bet), then falls back to the next channel; a permanent failure
 * falls back at once; `gone` (a dead push subscription) also asks for the address to be disabled.
 * Every attempt becomes a DeliveryRecord: sent, failed (will retry), fallback (moving on), given_up.
 * A push service accepting a Web Push says nothing about the phone (off, silenced, out of data), so a
 * critical message sent by push also goes by the person's next channel.
 */

export interface RetryPolicy {
  /** Attempts per channel before falling back (first try included). */
  maxAttempts: number;
  backoff: BackoffPolicy;
}

export const RETRY_POLICIES: Readonly<Record<'critical' | 'normal', RetryPolicy>> = Object.freeze({
  critical: { maxAttempts: 2, backoff: { baseMs: 500, capMs: 2_000, jitter: 0.5 } },
  normal: { maxAttempts: 3, backoff: { baseMs: 2_000, capMs: 30_000, jitter: 0.5 } }
});

export interface AttemptDeps {
  channels: ReadonlyMap<string, Channel>;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  record: (record: DeliveryRecord) => void;
  /** A `gone` answer: the address is dead (the store disables it). */
  disable: (person: Person, channel: PersonChannel, reason: string) => void;
  random?: () => number;
}

export interface DeliveryJob {
  person: Person;
  reason: DeliveryReason;
  teamId?: string;
  alertIds: string[];
  critical: boolean;
  /** Built per channel: the acknowledge link names the channel it went by. */
  message: (channel: PersonChannel) => OutgoingMessage;
  /** Told before each attempt and of its answer (the send ledger: a crash between the two is an unknown outcome). */
  onTry?: (channel: ChannelKind) => void;
  onResult?: (channel: ChannelKind, ok: boolean) => void;
}

export type DeliveryOutcome = { ok: true; channel: PersonChannel } | { ok: false };

/** Enabled channels in the person's order; a channel kind with no plugin configured is left out. */
export function usableChannels(person: Person, plugins: ReadonlyMap<string, Channel>): PersonChannel[] {
  return person.channels.filter((c) => c.enabled && plugins.has(c.kind)).sort((a, b) => a.rank - b.rank || a.id - b.id);
}

/** Delivery errors are shown on alerts and in the audit log: short, one line, no addresses. */
function safeError(error: string): string {
  return error.replace(/\s+/g, ' ').slice(0, 200);
}

export async function deliver(job: DeliveryJob, deps: AttemptDeps, signal?: AbortSignal): Promise<DeliveryOutcome> {
  const policy = RETRY_POLICIES[job.critical ? 'critical' : 'normal'];
  const channels = usableChannels(job.person, deps.channels);
  const base = { alertIds: job.alertIds, personId: job.person.id, personName: job.person.name, teamId: job.teamId, reason: job.reason };
  const emit = (channel: PersonChannel, status: DeliveryStatus, attempt: number, error?: string) =>
    deps.record({ at: deps.now(), ...base, channel: channel.kind, status, attempt, ...(error ? { error: safeError(error) } : {}) });

  let delivered: PersonChannel | undefined;
  for (let i = 0; i < channels.length; i++) {
    const channel = channels[i];
    const last = i === channels.length - 1;
    const plugin = deps.channels.get(channel.kind) as Channel;
    const message = job.message(channel);
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) return { ok: false };
      let result;
      job.onTry?.(channel.kind);
      try {
        result = await plugin.send(channel.address, message, signal);
      } catch (err) {
        // A plugin should answer with data; a throw is treated as a network-like failure.
        result = { ok: false as const, retryable: true, error: (err as Error).message };
      }
      job.onResult?.(channel.kind, result.ok);
      if (result.ok) {
        emit(channel, 'sent', attempt);
        delivered ??= channel;
        if (job.critical && channel.kind === 'webpush') break;
        return { ok: true, channel: delivered };
      }
      if (result.gone) deps.disable(job.person, channel, result.error);
      if (result.retryable && !result.gone && attempt < policy.maxAttempts && !signal?.aborted) {
        emit(channel, 'failed', attempt, result.error);
        const wait = Math.max(result.retryAfterMs ?? 0, backoffDelayMs(attempt - 1, policy.backoff, deps.random));
        await deps.sleep(Math.min(wait, policy.backoff.capMs), signal);
        continue;
      }
      // After a push went out, a later channel failing is not "given up": the person was reached.
      emit(channel, last && !delivered ? 'given_up' : 'fallback', attempt, result.error);
      break;
    }
  }
  return delivered ? { ok: true, channel: delivered } : { ok: false };
}
