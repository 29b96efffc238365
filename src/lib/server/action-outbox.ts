import type { AlertEvent } from '../core/alert';
import { backoffDelayMs, type BackoffPolicy } from '../core/backoff';
import { formatOutboxLine, loadOutbox, saveOutbox, type OutboxEntry } from './outbox-file';

/**
 * What the outbox holds at most. An event is a few kB (an alert with a hundred long comments ~100 kB);
 * people act a few times a minute in a flood, so a thousand is hours of InfluxDB away.
 */
export const OUTBOX_LIMITS = { maxEvents: 1_000, maxBytes: 16 * 1024 * 1024 };
/**
 * Room kept beyond the limits for acknowledgements: they stop the paging, so a full outbox (hours of InfluxDB
 * away) still takes them; other actions wait for it to drain.
 */
export const ACK_RESERVE = { events: 200, bytes: 2 * 1024 * 1024 };
/** InfluxDB tried again 1 s after a failure, doubling to 30 s; a ping that answers again tries at once (kick). */
export const OUTBOX_RETRY: BackoffPolicy = { baseMs: 1_000, capMs: 30_000, jitter: 0 };
/** A publish the MQTT client gave up on (it was closing) is tried again after this. */
const REPUBLISH_MS = 5_000;
/** How long close() still tries InfluxDB for events that only memory holds. */
const CLOSE_FLUSH_MS = 2_000;

export interface ActionOutboxDeps {
  /** To the broker at QoS 1; resolves at its PUBACK (the MQTT client holds it while the link is down). */
  publish(event: AlertEvent): Promise<void>;
  /** Into InfluxDB; resolves once written, throws when not. */
  store(event: AlertEvent): Promise<void>;
  /** A store failure retrying cannot mend (InfluxDB refused the line as such): the event is dropped with a log. */
  refused?(err: unknown): boolean;
  /** The file that keeps the waiting events across a restart; null: memory only. */
  file: string | null;
  log(message: string): void;
  limits?: { maxEvents: number; maxBytes: number };
  retry?: BackoffPolicy;
}

export interface ActionOutbox {
  /** The events a previous run left in the file (being sent since creation), to apply again over a rebuild. */
  restored(): AlertEvent[];
  /**
   * Takes one event and starts sending it; on disk before it returns. False when full (nothing taken);
   * throws when the file cannot be written (nothing taken either).
   */
  add(event: AlertEvent): boolean;
  /** InfluxDB answers again: try the waiting events now rather than at the next backoff mark. */
  kick(): void;
  /** Events not yet both published and stored. */
  waiting(): number;
  /** Stops retrying; says what is left and where. */
  close(): Promise<void>;
}

type Held = OutboxEntry & { bytes: number };

/**
 * A person's alert event between the command center and the rest of Pantau. The broker gets it at
 * once, whatever InfluxDB does: the ingest and the notifier act on the broker's copy (an acknowledgement
 * stops the paging), and must not wait for a slow database. InfluxDB, the alert's history and what a
 * restarted web or ingest rebuilds from, gets it in order, retried until it takes it. An entry leaves
 * once both are done. Bounded: when full, new actions are refused rather than anything already taken dropped.
 */
export function createActionOutbox(deps: ActionOutboxDeps): ActionOutbox {
  const limits = deps.limits ?? OUTBOX_LIMITS;
  const retry = deps.retry ?? OUTBOX_RETRY;
  let entries: Held[] = [];
  let bytes = 0;
  let storing: Promise<void> | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let full = false;

  const where = deps.file ? `kept in ${deps.file}` : 'held in memory only (PANTAU_WEB_DATA_DIR unset: a restart loses them from the history)';
  const persist = () => deps.file && saveOutbox(deps.file, entries.map(formatOutboxLine));

  function take(entry: OutboxEntry): Held {
    const held = { ...entry, bytes: Buffer.byteLength(formatOutboxLine(entry)) };
    entries.push(held);
    bytes += held.bytes;
    return held;
  }

  /**
   * Drops the entries both done and keeps the file in step, also when only a flag changed: a PUBACK while
   * InfluxDB is away, left unwritten, had every waiting action published again at each restart (a repeated
   * "Resolved" message, or a stale assignment over a newer one from another web instance). A file that cannot
   * be rewritten only repeats them after a restart.
   */
  function settle(flagged = false): void {
    const left = entries.filter((e) => !(e.published && e.stored));
    if (left.length === entries.length && !flagged) return;
    entries = left;
    bytes = left.reduce((n, e) => n + e.bytes, 0);
    try {
      persist();
    } catch (err) {
      deps.log(`alert action outbox: rewriting ${deps.file} failed (${(err as Error).message}); done events may be sent again after a restart`);
    }
  }

  function publish(entry: Held): void {
    deps.publish(entry.event).then(
      () => {
        entry.published = true;
        settle(true);
      },
      (err: Error) => {
        if (closed) return;
        deps.log(`publishing alert event ${entry.event.type} of ${entry.event.alert.id} failed (${err.message}); trying again in ${REPUBLISH_MS / 1000} s`);
        setTimeout(() => !closed && publish(entry), REPUBLISH_MS).unref();
      }
    );
  }

  /** The unstored events into InfluxDB in order, one request at a time; the first failure waits for the backoff. */
  function drain(): Promise<void> {
    if (storing || closed) return storing ?? Promise.resolve();
    clearTimeout(timer);
    storing = storeWaiting().finally(() => (storing = null));
    return storing;
  }

  async function storeWaiting(): Promise<void> {
    for (let next = entries.find((e) => !e.stored); next; next = entries.find((e) => !e.stored)) {
      try {
        await deps.store(next.event);
      } catch (err) {
        if (!deps.refused?.(err)) return scheduleRetry(err as Error);
        deps.log(`alert event ${next.event.type} of ${next.event.alert.id} dropped from the InfluxDB outbox: refused (${(err as Error).message})`);
      }
      next.stored = true;
      if (failures > 0) deps.log(`InfluxDB stores alert events again (${entries.filter((e) => !e.stored).length} still waiting)`);
      failures = 0;
      settle();
    }
  }

  function scheduleRetry(err: Error): void {
    if (closed) return;
    const waitMs = backoffDelayMs(failures, retry);
    if (failures === 0) {
      deps.log(`storing alert events in InfluxDB failed (${err.message}); ${entries.filter((e) => !e.stored).length} waiting, ${where}; trying again from ${waitMs / 1000} s`);
    }
    failures++;
    timer = setTimeout(() => void drain(), waitMs);
    timer.unref();
  }

  /** What a previous run left: taken (and sent) before any new action can be, so the file is read before it is rewritten. */
  function resume(): AlertEvent[] {
    if (!deps.file) {
      deps.log(`alert actions waiting for InfluxDB or the broker are ${where}`);
      return [];
    }
    const { entries: left, skipped } = loadOutbox(deps.file, limits.maxEvents);
    if (skipped > 0) deps.log(`alert action outbox: ${skipped} unreadable or surplus lines of ${deps.file} skipped`);
    for (const e of left) {
      const held = take(e);
      if (!held.published) publish(held);
    }
    if (left.length > 0) {
      deps.log(`alert action outbox: ${left.length} events from before the restart, sending them`);
      void drain();
    }
    return left.map((e) => e.event);
  }
  const resumed = resume();

  return {
    restored: () => resumed,
    add(event) {
      if (closed) return false;
      const size = Buffer.byteLength(formatOutboxLine({ event, published: false, stored: false }));
      const reserve = event.type === 'acknowledged' ? ACK_RESERVE : { events: 0, bytes: 0 };
      if (entries.length >= limits.maxEvents + reserve.events || bytes + size > limits.maxBytes + reserve.bytes) {
        if (!full) deps.log(`alert action outbox full (${entries.length} events, ${bytes} B waiting for InfluxDB or the broker): refusing actions until it drains`);
        full = true;
        return false;
      }
      full = false;
      const held = take({ event, published: false, stored: false });
      try {
        persist();
      } catch (err) {
        entries.pop();
        bytes -= held.bytes;
        throw new Error(`alert action outbox: writing ${deps.file} failed: ${(err as Error).message}`, { cause: err });
      }
      publish(held);
      void drain();
      return true;
    },
    kick() {
      if (entries.some((e) => !e.stored)) void drain();
    },
    waiting: () => entries.length,
    async close() {
      // Memory is all that holds them: one last short try before they are gone.
      if (!deps.file && entries.some((e) => !e.stored)) {
        await Promise.race([drain(), new Promise((ok) => setTimeout(ok, CLOSE_FLUSH_MS).unref())]);
      }
      closed = true;
      clearTimeout(timer);
      const unstored = entries.filter((e) => !e.stored).length;
      const unpublished = entries.filter((e) => !e.published).length;
      if (unstored + unpublished > 0) {
        deps.log(`alert action outbox at close: ${unstored} events not in InfluxDB, ${unpublished} not acknowledged by the broker; ${deps.file ? `kept in ${deps.file}, sent at the next start` : 'lost from the history (memory only)'}`);
      }
    }
  };
}
