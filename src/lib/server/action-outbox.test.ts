import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../core/alert';
import { createActionOutbox, type ActionOutbox, type ActionOutboxDeps } from './action-outbox';
import { testAlert, testEvent } from './alert-fixtures';
import { formatOutboxLine } from './outbox-file';

const FAST = { baseMs: 5, capMs: 20, jitter: 0 };
const ack = (id: string, at = 1_000): AlertEvent => testEvent('acknowledged', { ...testAlert(id, at), state: 'acknowledged', acknowledgedAt: at });
/** An action the acknowledgement reserve does not cover. */
const comment = (id: string): AlertEvent => testEvent('commented', testAlert(id, 1_000));

/** The broker and InfluxDB as the outbox sees them: each call recorded; InfluxDB hangs, fails or answers as told. */
function bed(opts: Partial<ActionOutboxDeps> & { influx?: 'up' | 'hang' | 'down'; broker?: 'up' | 'hang' } = {}) {
  const published: string[] = [];
  const stored: string[] = [];
  const logs: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const state = { influx: opts.influx ?? 'up', broker: opts.broker ?? 'up' };
  const hanging: (() => void)[] = [];
  const outbox = createActionOutbox({
    publish: async (e) => {
      published.push(e.alert.id);
      if (state.broker === 'hang') await new Promise(() => undefined);
    },
    store: async (e) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (state.influx === 'hang') await new Promise<void>((ok) => hanging.push(ok));
        if (state.influx === 'down') throw new Error('InfluxDB down');
        stored.push(e.alert.id);
      } finally {
        inFlight--;
      }
    },
    file: null,
    log: (m) => logs.push(m),
    retry: FAST,
    ...opts
  });
  return { outbox, published, stored, logs, state, hanging, maxInFlight: () => maxInFlight };
}

async function until(what: string, check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const open: ActionOutbox[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-outbox-'));
  dirs.push(dir);
  return path.join(dir, 'sub', 'outbox.jsonl');
};

describe('action outbox: the broker first, InfluxDB when it answers', () => {
  it('publishes at once while InfluxDB hangs, stores when it answers, and lets the event go once both are done', async () => {
    const b = bed({ influx: 'hang' });
    open.push(b.outbox);
    expect(b.outbox.add(ack('a'))).toBe(true);
    expect(b.published).toEqual(['a']); // synchronously: no wait on InfluxDB
    await until('the write to start', () => b.hanging.length === 1);
    expect(b.outbox.waiting()).toBe(1);
    b.state.influx = 'up';
    b.hanging.shift()!();
    await until('the event to leave', () => b.outbox.waiting() === 0);
    expect(b.stored).toEqual(['a']);
  });

  it('retries a failed write with backoff, in order, one request at a time, and says so once each way', async () => {
    const b = bed({ influx: 'down' });
    open.push(b.outbox);
    for (const id of ['a', 'b', 'c']) b.outbox.add(ack(id));
    expect(b.published).toEqual(['a', 'b', 'c']);
    await new Promise((r) => setTimeout(r, 60));
    expect(b.stored).toEqual([]);
    b.state.influx = 'up';
    await until('all stored', () => b.outbox.waiting() === 0);
    expect(b.stored).toEqual(['a', 'b', 'c']);
    expect(b.maxInFlight()).toBe(1);
    expect(b.logs.filter((l) => l.includes('failed'))).toHaveLength(1);
    expect(b.logs.filter((l) => l.includes('stores alert events again'))).toHaveLength(1);
  });

  it('kick() tries at once instead of at the next backoff mark', async () => {
    const b = bed({ influx: 'down', retry: { baseMs: 60_000, capMs: 60_000, jitter: 0 } });
    open.push(b.outbox);
    b.outbox.add(ack('a'));
    await new Promise((r) => setTimeout(r, 20));
    b.state.influx = 'up';
    b.outbox.kick();
    await until('stored after the kick', () => b.stored.length === 1);
  });

  it('drops a write InfluxDB refuses as such (logged) and goes on with the next', async () => {
    let first = true;
    const logs: string[] = [];
    const stored: string[] = [];
    const outbox = createActionOutbox({
      publish: async () => undefined,
      store: async (e) => {
        if (first) {
          first = false;
          throw Object.assign(new Error('bad line'), { refusedHere: true });
        }
        stored.push(e.alert.id);
      },
      refused: (err) => (err as { refusedHere?: boolean }).refusedHere === true,
      file: null,
      log: (m) => logs.push(m),
      retry: FAST
    });
    open.push(outbox);
    outbox.add(ack('a'));
    outbox.add(ack('b'));
    await until('both gone', () => outbox.waiting() === 0);
    expect(stored).toEqual(['b']);
    expect(logs.some((l) => /dropped .*refused \(bad line\)/.test(l))).toBe(true);
  });

  it('is bounded: when full it refuses (nothing taken, nothing sent), logs once, and takes again once drained', async () => {
    const b = bed({ influx: 'hang', limits: { maxEvents: 2, maxBytes: 1 << 20 } });
    open.push(b.outbox);
    expect(b.outbox.add(comment('a'))).toBe(true);
    expect(b.outbox.add(comment('b'))).toBe(true);
    expect(b.outbox.add(comment('c'))).toBe(false);
    expect(b.outbox.add(comment('d'))).toBe(false);
    expect(b.published).toEqual(['a', 'b']);
    expect(b.logs.filter((l) => l.includes('outbox full'))).toHaveLength(1);
    b.state.influx = 'up';
    b.hanging.splice(0).forEach((ok) => ok());
    await until('drained', () => b.outbox.waiting() === 0);
    expect(b.outbox.add(ack('e'))).toBe(true);
  });

  it('keeps room for acknowledgements when full: they stop the paging', () => {
    const b = bed({ influx: 'hang', limits: { maxEvents: 2, maxBytes: 1 << 20 } });
    open.push(b.outbox);
    expect(b.outbox.add(comment('a'))).toBe(true);
    expect(b.outbox.add(comment('b'))).toBe(true);
    expect(b.outbox.add(comment('c'))).toBe(false);
    // was: refused as well
    expect(b.outbox.add(ack('d'))).toBe(true);
    expect(b.published).toEqual(['a', 'b', 'd']);
  });

  it('counts bytes too: one event larger than the byte bound is refused', () => {
    const big = comment('big');
    const b = bed({ influx: 'hang', limits: { maxEvents: 10, maxBytes: formatOutboxLine({ event: big, published: false, stored: false }).length - 1 } });
    open.push(b.outbox);
    expect(b.outbox.add(big)).toBe(false);
    expect(b.outbox.waiting()).toBe(0);
  });
});

describe('action outbox on disk', () => {
  it('holds the event in its file before add() returns; a restart sends again what the broker and InfluxDB lacked', async () => {
    const file = tempFile();
    const first = bed({ influx: 'down', broker: 'hang', file });
    first.outbox.add(ack('a'));
    first.outbox.add(ack('b'));
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    await first.outbox.close();
    expect(first.logs.some((l) => l.includes('2 events not in InfluxDB, 2 not acknowledged by the broker; kept in'))).toBe(true);

    const second = bed({ file });
    open.push(second.outbox);
    expect(second.outbox.restored().map((e) => e.alert.id)).toEqual(['a', 'b']);
    expect(second.published).toEqual(['a', 'b']);
    await until('both sent and stored', () => second.outbox.waiting() === 0);
    expect(second.stored).toEqual(['a', 'b']);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('after a restart, an event the broker had acknowledged is only stored, not published again', async () => {
    const file = tempFile();
    const first = bed({ influx: 'down', file });
    first.outbox.add(ack('a'));
    await until('published', () => first.published.length === 1);
    await first.outbox.close();
    // was: the PUBACK did not rewrite the file, so every restart published the waiting actions again
    expect(readFileSync(file, 'utf8').trim()).toBe(formatOutboxLine({ event: ack('a'), published: true, stored: false }).trim());
    const second = bed({ file });
    open.push(second.outbox);
    await until('stored', () => second.outbox.waiting() === 0);
    expect(second.published).toEqual([]);
    expect(second.stored).toEqual(['a']);
  });

  it('skips lines that are not entries (damaged, hand-edited) and keeps the rest', () => {
    const file = tempFile();
    const good = formatOutboxLine({ event: ack('a'), published: false, stored: false });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `{"event":{"type":"acknowledged"}}\nnot json\n${good}`);
    const b = bed({ influx: 'hang', broker: 'hang', file });
    open.push(b.outbox);
    expect(b.outbox.restored().map((e) => e.alert.id)).toEqual(['a']);
    expect(b.logs.some((l) => l.includes('2 unreadable or surplus lines'))).toBe(true);
  });

  it('a file that cannot be written: add() throws and nothing is taken or sent', () => {
    const file = tempFile();
    const b = bed({ file });
    open.push(b.outbox);
    writeFileSync(path.dirname(file), 'a file where the dir should be');
    expect(() => b.outbox.add(ack('a'))).toThrow(/writing .* failed/);
    expect(b.outbox.waiting()).toBe(0);
    expect(b.published).toEqual([]);
  });
});

describe('action outbox in memory', () => {
  it('says at start that waiting events are memory-only, and at close how many are lost', async () => {
    const b = bed({ influx: 'down' });
    expect(b.logs[0]).toMatch(/held in memory only \(PANTAU_WEB_DATA_DIR unset/);
    b.outbox.add(ack('a'));
    await b.outbox.close();
    expect(b.logs.at(-1)).toMatch(/1 events not in InfluxDB, 0 not acknowledged by the broker; lost from the history/);
  });
});
