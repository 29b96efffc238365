import { HttpError } from '@influxdata/influxdb-client';
import { formatLine } from '../../core/line-protocol';
import { MEASUREMENTS, type InfluxConfig } from '../../core/influx-config';
import { quoteInfluxIdent } from '../../core/line-protocol';
import { createInfluxDB } from '../../influx/client';
import { writeLines } from '../../influx/write';
import type { Role } from './roles';
import { createAuditSummaries, type HintedEntry } from './audit-summary';
import { isAuditCode, MAX_STORED_ARGS_CHARS, type AuditArgs, type AuditCode } from '../../i18n/audit-detail';

export { isUnaccountable, type AuditHints, type HintedEntry } from './audit-summary';

/** One audited action: logins, logouts, alert actions and refusals. */
export interface AuditEntry {
  /** Epoch ms. */
  at: number;
  user: string;
  role: Role;
  /** `login`, `logout`, `alert:acknowledge`, … */
  action: string;
  /** What was acted on (alert id, user name at login); empty when nothing. */
  target: string;
  ok: boolean;
  /** In English, as every entry has it (logouts are read back from it: revocation-sync.ts). */
  detail: string;
  /** What `detail` says as data, for the audit page to say in the reader's language (i18n/audit-detail.ts); older entries have none. */
  detailCode?: AuditCode;
  detailArgs?: AuditArgs;
}

export type AuditSink = (entry: HintedEntry) => void;

export const AUDIT_MEASUREMENT = MEASUREMENTS.audit;
const MAX_TEXT_CHARS = 500;
/** A detail's values as JSON beyond this are not stored (the page then shows the English `detail`). */
const MAX_ARGS_CHARS = MAX_STORED_ARGS_CHARS;
const WRITE_TIMEOUT_MS = 5_000;
/** Entries waiting to be written (InfluxDB down or slow); people's entries are kept up to this many. */
export const MAX_QUEUED_ENTRIES = 100_000;
/** Lines per write request. */
const BATCH_LINES = 1_000;
export const FLUSH_MS = 250;
const RETRY_MS = 2_000;
/**
 * How long a stop waits for InfluxDB to take what is queued: stopping the web while InfluxDB hung took
 * up to 100 tries of WRITE_TIMEOUT_MS (8 minutes), past systemd's stop timeout; what is left is logged.
 */
export const CLOSE_WAIT_MS = 10_000;
/** Denials from nobody in particular are summarised per window: one entry per kind and window, then a count. */
export const SUMMARY_WINDOW_MS = 60_000;
/** Milliseconds whose tie counters are remembered (entries come in about time order: a few seconds' worth). */
const MAX_TIE_MS = 10_000;

/**
 * Line protocol through the core escaping: user names and details are untrusted text. `seq` tells
 * apart entries of the same user and action in the same millisecond, which InfluxDB would otherwise
 * store as one point (the last overwriting the others); the first of a millisecond has none.
 */
export function formatAuditLine(e: AuditEntry, seq = 0): string {
  const args = e.detailCode ? JSON.stringify(e.detailArgs ?? {}) : '';
  const coded: Record<string, string> = e.detailCode && args.length <= MAX_ARGS_CHARS ? { detail_code: e.detailCode, detail_args: args } : {};
  return formatLine(
    AUDIT_MEASUREMENT,
    { user: e.user.slice(0, 64), action: e.action.slice(0, 64), ...(seq > 0 ? { seq: String(seq) } : {}) },
    { target: e.target.slice(0, MAX_TEXT_CHARS), ok: e.ok, detail: e.detail.slice(0, MAX_TEXT_CHARS), role: e.role, ...coded },
    e.at
  );
}

/** A stored `detail_args`: an object of strings and numbers, else nothing (the entry is then shown by its sentence). */
function parseDetailArgs(raw: unknown): AuditArgs | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_ARGS_CHARS) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const entries = Object.entries(value);
    return entries.every(([, v]) => typeof v === 'string' || typeof v === 'number') ? (Object.fromEntries(entries) as AuditArgs) : undefined;
  } catch {
    return undefined;
  }
}

/** Per millisecond, how many entries it already holds: the next one's `seq`. Bounded, oldest first out. */
function createTieBreaker(): (at: number) => number {
  const seen = new Map<number, number>();
  return (at) => {
    const n = seen.get(at) ?? 0;
    seen.set(at, n + 1);
    while (seen.size > MAX_TIE_MS) seen.delete(seen.keys().next().value!);
    return n;
  };
}

export interface AuditLog {
  record(entry: HintedEntry): void;
  /** Resolves once every entry recorded so far has been written or given up on (tests, shutdown). */
  settle(): Promise<void>;
  dropped(): number;
  /** Ends the timers; what is queued is written first. */
  /** Stops, waiting at most `waitMs` (CLOSE_WAIT_MS) for InfluxDB to take what is queued. */
  close(waitMs?: number): Promise<void>;
}

/**
 * Writes audit entries to InfluxDB in batches, in order, retrying while InfluxDB is away: entries of
 * signed-in people are never dropped (short of MAX_QUEUED_ENTRIES waiting). Unaccountable refusals
 * (isUnaccountable: anonymous ones, unknown names, logins refused by a budget) are not stored one by
 * one: the first of each kind in a window is written (without the caller's text, except a real user's
 * name), the rest are counted and written as one summary when the window ends (audit-summary.ts).
 * Each entry keeps its own time, however many share it. Never throws: the action an entry describes
 * has already happened or been refused.
 */
export function createAuditLog(config: InfluxConfig, log: (message: string) => void = (m) => console.error(`[audit] ${m}`)): AuditLog {
  const queue: string[] = [];
  const summaries = createAuditSummaries();
  const tieBreak = createTieBreaker();
  let dropped = 0;
  let writing: Promise<void> | null = null;
  let retryAfter = 0;
  const influx = createInfluxDB(config, WRITE_TIMEOUT_MS);

  /** True when the lines are done with: stored, or refused for good. */
  async function write(lines: string[]): Promise<boolean> {
    try {
      // The events policy, like alert events: audit records are kept for years, not INFLUX_RAW_RETENTION.
      await writeLines(influx, config, lines, config.retention.eventsPolicy, lines.length);
      return true;
    } catch (err) {
      if (!(err instanceof HttpError)) {
        log(`write failed: ${(err as Error).message}`);
        return false;
      }
      log(`write refused: ${err.statusCode} ${(err.body ?? '').slice(0, 200)}`);
      // A 4xx will not get better by retrying the same lines, except auth and a missing events policy
      // (404: the ingest's set-up creates it when this command center may not).
      return err.statusCode >= 400 && err.statusCode < 500 && ![401, 403, 404].includes(err.statusCode);
    }
  }

  function enqueue(entry: AuditEntry): void {
    if (queue.length >= MAX_QUEUED_ENTRIES) {
      dropped++;
      return;
    }
    // Same tags and same ms would overwrite each other in InfluxDB: a tie gets a seq tag, never a later time.
    const at = Math.trunc(entry.at);
    queue.push(formatAuditLine({ ...entry, at }, tieBreak(at)));
  }

  function flush(): Promise<void> {
    if (writing || queue.length === 0 || Date.now() < retryAfter) return writing ?? Promise.resolve();
    const batch = queue.slice(0, BATCH_LINES);
    writing = write(batch).then((done) => {
      if (done) queue.splice(0, batch.length);
      else retryAfter = Date.now() + RETRY_MS;
      writing = null;
      if (done && queue.length > 0) void flush();
    });
    return writing;
  }

  function closeWindow(): void {
    for (const entry of summaries.closeWindow(Date.now(), SUMMARY_WINDOW_MS)) enqueue(entry);
  }

  const flushTimer = setInterval(() => void flush(), FLUSH_MS);
  const windowTimer = setInterval(closeWindow, SUMMARY_WINDOW_MS);
  flushTimer.unref?.();
  windowTimer.unref?.();

  async function settle(deadline = Infinity): Promise<void> {
    for (let i = 0; i < 100 && (queue.length > 0 || writing) && Date.now() < deadline; i++) {
      retryAfter = 0;
      await flush();
      if (queue.length > 0 && !writing) await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    record(entry) {
      const stored = summaries.admit(entry);
      if (stored) enqueue(stored);
      void flush();
    },
    settle: () => settle(),
    dropped: () => dropped + summaries.dropped(),
    async close(waitMs = CLOSE_WAIT_MS) {
      clearInterval(flushTimer);
      clearInterval(windowTimer);
      closeWindow();
      const deadline = Date.now() + waitMs;
      // a write in flight may outlast the deadline by its own timeout, no more
      await Promise.race([settle(deadline), new Promise((r) => setTimeout(r, waitMs + WRITE_TIMEOUT_MS).unref?.())]);
      if (queue.length > 0) log(`stopping with ${queue.length} audit entries InfluxDB has not taken: they are lost`);
    }
  };
}

/** Newest first, bounded. `from` is auditSource(…) (server/influx.ts): the events policy. */
export function auditQuery(limit: number, from = quoteInfluxIdent(AUDIT_MEASUREMENT)): string {
  const n = Math.max(1, Math.min(1000, Math.trunc(limit) || 1));
  return `SELECT * FROM ${from} ORDER BY time DESC LIMIT ${n}`;
}

export function parseAuditRow(row: Record<string, unknown>): AuditEntry {
  return {
    at: Number(row.time),
    user: String(row.user ?? ''),
    role: String(row.role ?? '') as Role,
    action: String(row.action ?? ''),
    target: String(row.target ?? ''),
    ok: row.ok === true,
    detail: String(row.detail ?? ''),
    ...parseDetailCode(row)
  };
}

function parseDetailCode(row: Record<string, unknown>): Pick<AuditEntry, 'detailCode' | 'detailArgs'> {
  const args = parseDetailArgs(row.detail_args);
  return isAuditCode(row.detail_code) && args ? { detailCode: row.detail_code, detailArgs: args } : {};
}
