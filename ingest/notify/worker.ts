import type { AlertEvent, AlertSeverity } from '../../src/lib/core/alert';
import { backoffDelayMs, classifyStatus, parseRetryAfterMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { createDeliveryQueue } from './queue';
import { formatEventId, formatSignature, EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature';
import { parseAlertEvent, type Webhook } from './webhooks';
import type { DeliveryJournal } from './journal';
import { readCapped } from './read-capped';
import type { Cursor } from '../durable/journal';

/** One HTTP POST; throws on network errors and timeouts (both retried). */
export type SendRequest = (url: string, headers: Record<string, string>, body: string) => Promise<{ status: number; retryAfter?: string | null }>;

export interface WorkerOptions {
  webhook: Webhook;
  send: SendRequest;
  maxQueue: number;
  /** A delivery still failing this long after it was queued is given up (and logged). */
  maxRetryMs: number;
  backoff?: BackoffOptions;
  /** Durable queue: events are appended before enqueue() returns and replayed at creation. */
  journal?: DeliveryJournal;
  random?: () => number;
  now?: () => number;
  log(message: string): void;
}

export interface WorkerStats {
  queued: number;
  delivered: number;
  /** Failed attempts that were tried again. */
  retries: number;
  /** Deliveries abandoned: refused with a 4xx, or still failing after maxRetryMs. */
  gaveUp: number;
  dropped: Record<AlertSeverity, number>;
}

export interface WebhookWorker {
  /** Queues a delivery; returns at once (the HTTP work runs in the background, one request at a time). */
  enqueue(event: AlertEvent): void;
  stats(): WorkerStats;
  /** Resolves once the queue is empty and nothing is in flight (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Stops after the request in flight; returns the deliveries left undone. */
  close(): Promise<number>;
}

interface Pending {
  event: AlertEvent;
  body: string;
  eventId: string;
  severity: AlertSeverity;
  queuedAt: number;
  /** Journal position after this event: committed once it is finished. */
  next?: Cursor;
}

/**
 * Delivers alert events to one webhook in the order they arrived: a `resolved` never overtakes its
 * `raised`. A receiver that is down holds the line (bounded by the queue, whose overflow drops the
 * oldest info first and counts it) until it answers or the retry time runs out.
 */
export function createWebhookWorker(opts: WorkerOptions): WebhookWorker {
  const now = opts.now ?? Date.now;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const queue = createDeliveryQueue<Pending>(opts.maxQueue);
  const counts = { delivered: 0, retries: 0, gaveUp: 0 };
  const name = opts.webhook.name;
  let running: Promise<void> | undefined;
  let current: Pending | undefined;
  let closed = false;
  let wakeUp: (() => void) | undefined;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  /** One try: the outcome and, for a retry, what the receiver asked us to wait. */
  async function attempt(item: Pending): Promise<{ outcome: 'delivered' | 'retry' | 'give_up'; why: string; retryAfterMs?: number }> {
    const timestampS = Math.floor(now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'pantau-notify/1',
      [SIGNATURE_HEADER]: formatSignature(opts.webhook.secret, timestampS, item.body),
      [TIMESTAMP_HEADER]: String(timestampS),
      [EVENT_ID_HEADER]: item.eventId
    };
    try {
      const res = await opts.send(opts.webhook.url, headers, item.body);
      return { outcome: classifyStatus(res.status), why: `HTTP ${res.status}`, retryAfterMs: parseRetryAfterMs(res.retryAfter, now(), backoff.capMs) };
    } catch (err) {
      return { outcome: 'retry', why: (err as Error).message || String(err) };
    }
  }

  /** True once the item is finished (delivered or given up); false when close() cut it short. */
  async function deliver(item: Pending): Promise<boolean> {
    for (let tries = 0; !closed; tries++) {
      const r = await attempt(item);
      if (r.outcome === 'delivered') {
        counts.delivered++;
        return true;
      }
      // never sooner than the backoff: `Retry-After: 0` (or a date already past) would be a hot loop
      const wait = Math.max(r.retryAfterMs ?? 0, backoffDelayMs(tries, backoff, opts.random));
      if (r.outcome === 'give_up' || now() + wait - item.queuedAt > opts.maxRetryMs) {
        counts.gaveUp++;
        opts.log(`gave up on ${item.eventId} to ${name} after ${tries + 1} attempt(s): ${r.why}`);
        return true;
      }
      counts.retries++;
      if (tries === 0) opts.log(`delivery of ${item.eventId} to ${name} failed (${r.why}); retrying`);
      await sleep(wait);
    }
    return false;
  }

  async function run(): Promise<void> {
    while (!closed && queue.size > 0) {
      current = queue.shift()!;
      // deliver() returns early only when close() interrupts it: then `current` stays counted as undone.
      if (!(await deliver(current))) continue;
      // Queue order is journal order, and whatever came before was finished or dropped: safe to commit.
      if (current.next) opts.journal?.commit(current.next);
      current = undefined;
    }
    running = undefined;
  }

  function add(event: AlertEvent, body: string, next: Cursor | undefined): void {
    const item: Pending = { event, body, eventId: formatEventId(event), severity: event.alert.severity, queuedAt: now(), next };
    const dropped = queue.push(item);
    if (dropped) {
      const d = queue.dropped();
      opts.log(`queue for ${name} full (${opts.maxQueue}): dropped ${dropped.severity} ${dropped.eventId} (dropped so far: info ${d.info}, warning ${d.warning}, critical ${d.critical})`);
    }
    if (!running && !closed) running = run();
  }

  if (opts.journal) {
    const lines = opts.journal.replay();
    for (const line of lines) {
      const event = parseAlertEvent(line.body);
      if (event) add(event, line.body, line.next);
    }
    if (lines.length) opts.log(`replaying ${lines.length} undelivered event(s) for ${name} from the journal`);
  }

  return {
    enqueue(event) {
      const body = JSON.stringify(event);
      add(event, body, opts.journal?.append(body));
    },
    stats: () => ({ queued: queue.size, ...counts, dropped: queue.dropped() }),
    async idle() {
      while (running) await running;
    },
    async close() {
      closed = true;
      wakeUp?.();
      const interrupted = current ? 1 : 0;
      await running;
      opts.journal?.close();
      return queue.size + interrupted;
    }
  };
}

/** The production SendRequest: fetch with a timeout, no redirects (a redirect would move the secret's signature elsewhere). */
export function createFetchSend(timeoutMs: number): SendRequest {
  return async (url, headers, body) => {
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    // Drain a small body so the connection can be reused; a large one is cancelled unread (read-capped.ts).
    await readCapped(res).catch(() => undefined);
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  };
}
