import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ChannelKind } from '../../../src/lib/core/people';

/**
 * What became of each message to a person, on disk, so a restart after a crash does not send again
 * what already went out. Each message caused by an alert event has a key (event + person: one
 * message per person per event, whichever team's step or reason sent it; the same after a restart).
 * Before each channel attempt a `try` line is written; after it `ok` or `fail`; `done` once the
 * message is finished. At the next start (the event journal routes the unfinished events again) a
 * message is looked up:
 *   done, or reached by a channel that says something about the person → not sent again;
 *   its last line a `try` (crashed between sending and recording) → the outcome is unknown: recorded
 *   so on the alert, and sent again only for a critical alert (the safer side for an emergency);
 *   otherwise (nothing tried, or every try failed) → sent as usual.
 * One JSON line per step, appended synchronously, never fsynced: a line lost to a power cut only means
 * the message is sent again (at least once, as without the ledger), while an fsync per line would cut a
 * storm's throughput about a hundredfold (bench/notify-ledger.ts). Rewritten compactly at start and
 * whenever it grew well past what it keeps. Bounded: the oldest keys go first.
 */

export type LedgerState =
  | { kind: 'new' }
  | { kind: 'done' }
  | { kind: 'reached'; channel: ChannelKind }
  | { kind: 'unknown'; channel: ChannelKind; at: number }
  | { kind: 'failed' };

export interface SendLedger {
  /** `critical`: a Web Push accepted alone does not count as reached (a critical message also goes by the next channel). */
  lookup(key: string, critical: boolean): LedgerState;
  tried(key: string, channel: ChannelKind, at: number): void;
  result(key: string, channel: ChannelKind, ok: boolean): void;
  done(key: string): void;
  close(): void;
  size(): number;
}

/** One line of the file: a step, or (after compaction) a key's whole state. */
interface Line {
  k: string;
  /** The last step: try, ok (a channel took it), fail, done. */
  s: 'try' | 'ok' | 'fail' | 'done';
  ch?: ChannelKind;
  at: number;
  /** A channel other than Web Push took it (says something about the person). */
  firm?: ChannelKind;
  /** A Web Push was accepted by the push service. */
  push?: 1;
}
type Entry = Omit<Line, 'k'>;

const DEFAULT_MAX_KEYS = 100_000;

/** Short, stable across restarts: the same event to the same person for the same reason. */
export function messageKey(parts: readonly (string | number | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('base64url').slice(0, 22);
}

function stateOf(e: Entry | undefined, critical: boolean): LedgerState {
  if (!e) return { kind: 'new' };
  if (e.s === 'done') return { kind: 'done' };
  if (e.firm) return { kind: 'reached', channel: e.firm };
  if (e.push && !critical) return { kind: 'reached', channel: 'webpush' };
  if (e.s === 'try' && e.ch) return { kind: 'unknown', channel: e.ch, at: e.at };
  return { kind: 'failed' };
}

/** Without a file (NOTIFY_JOURNAL_DIR=off, unit tests) it answers the same and nothing survives. */
export function createSendLedger(options: { file?: string; maxKeys?: number; now?: () => number } = {}): SendLedger {
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let fd: number | null = null;
  let lines = 0;

  function apply(line: Line): void {
    const prev = entries.get(line.k);
    const next: Entry = { s: line.s, at: line.at };
    if (line.ch) next.ch = line.ch;
    const firm = line.firm ?? prev?.firm ?? (line.s === 'ok' && line.ch && line.ch !== 'webpush' ? line.ch : undefined);
    if (firm) next.firm = firm;
    if (line.push || prev?.push || (line.s === 'ok' && line.ch === 'webpush')) next.push = 1;
    entries.delete(line.k); // re-inserted last: the Map's order is the eviction order
    entries.set(line.k, next);
    if (entries.size > maxKeys) entries.delete(entries.keys().next().value as string);
  }

  function step(line: Line): void {
    apply(line);
    if (fd === null) return;
    writeSync(fd, `${JSON.stringify(line)}\n`);
    if (++lines > 2 * maxKeys && lines > 4 * entries.size) compact();
  }

  /** The file as the map: one line per key (its whole state), written beside and renamed over. */
  function compact(): void {
    if (!options.file) return;
    if (fd !== null) closeSync(fd);
    // Until reopened: a rewrite that fails leaves the ledger in memory, not writing to a closed (maybe reused) descriptor.
    fd = null;
    const tmp = `${options.file}.tmp`;
    const out = openSync(tmp, 'w', 0o600);
    let chunk = '';
    for (const [k, e] of entries) {
      chunk += `${JSON.stringify({ k, ...e })}\n`;
      if (chunk.length > 1 << 20) (writeSync(out, chunk), (chunk = ''));
    }
    writeSync(out, chunk);
    // The rename must not reach the disk before the data: a power cut would leave an empty ledger (resends only).
    fsyncSync(out);
    closeSync(out);
    renameSync(tmp, options.file);
    fd = openSync(options.file, 'a', 0o600);
    lines = entries.size;
  }

  if (options.file) {
    // A first start on an empty data folder: the ledger opens before the delivery journal would make the folder.
    mkdirSync(path.dirname(options.file), { recursive: true, mode: 0o700 });
    if (existsSync(options.file)) {
      for (const text of readFileSync(options.file, 'utf8').split('\n')) {
        if (!text) continue;
        try {
          const o = JSON.parse(text) as Line;
          if (typeof o.k === 'string' && ['try', 'ok', 'fail', 'done'].includes(o.s) && typeof o.at === 'number') apply(o);
        } catch {
          // A line cut short by the crash itself: what it would have said is not known, as if never written.
        }
      }
    }
    compact();
  }

  return {
    lookup: (key, critical) => stateOf(entries.get(key), critical),
    tried: (key, channel, at) => step({ k: key, s: 'try', ch: channel, at }),
    result: (key, channel, ok) => step({ k: key, s: ok ? 'ok' : 'fail', ch: channel, at: now() }),
    done: (key) => step({ k: key, s: 'done', at: now() }),
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
    size: () => entries.size
  };
}

/**
 * The ledger as the dispatcher uses it: a step that cannot be written (disk full, I/O error) is logged
 * and passed over, never thrown into a delivery. The ledger only spares resends; a message already
 * accepted must still go out and finish its event (else the journal's checkpoint would stop there).
 */
export function guardLedger(ledger: SendLedger, log: (message: string) => void): SendLedger {
  let failures = 0;
  const guard = <T>(what: string, fallback: T, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (failures++ % 10_000 === 0) log(`send ledger: ${what} failed (${(err as Error).message}; ${failures} so far): messages go on without it, a restart may send them again`);
      return fallback;
    }
  };
  return {
    lookup: (key, critical) => guard('lookup', { kind: 'new' } as LedgerState, () => ledger.lookup(key, critical)),
    tried: (key, channel, at) => guard('write', undefined, () => ledger.tried(key, channel, at)),
    result: (key, channel, ok) => guard('write', undefined, () => ledger.result(key, channel, ok)),
    done: (key) => guard('write', undefined, () => ledger.done(key)),
    close: () => guard('close', undefined, () => ledger.close()),
    size: () => ledger.size()
  };
}

/**
 * What to do with a message the ledger may know from before a restart: `skip` (done or reached: not
 * again), `unknown` (crashed mid-send: record it; `resend` only when critical, not before the channel
 * timeout has passed since that attempt began), or `send`.
 */
export type LedgerVerdict = { act: 'send' } | { act: 'skip' } | { act: 'unknown'; channel: ChannelKind; resend: boolean; waitMs: number };

export function ledgerVerdict(state: LedgerState, critical: boolean, now: number, channelTimeoutMs: number): LedgerVerdict {
  switch (state.kind) {
    case 'done':
    case 'reached':
      return { act: 'skip' };
    case 'unknown':
      return { act: 'unknown', channel: state.channel, resend: critical, waitMs: Math.max(0, state.at + channelTimeoutMs - now) };
    default:
      return { act: 'send' };
  }
}
