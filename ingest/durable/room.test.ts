import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRoom, lowWaterMark } from './room';

const HIGH = 1000;
const LOW = 500;

function room(logEveryMs = 2000) {
  const logs: string[] = [];
  const r = createRoom({ high: HIGH, low: LOW, maxBytes: 1200, log: (m) => logs.push(m), logEveryMs });
  return { r, logs };
}

/** A journal at its bound: each message adds `step` bytes, each shipped segment takes `segment` off. */
function streamAtBound(check: (bytes: number) => boolean, messages: number, step = 10, segment = 100): number {
  let bytes = 0;
  let edges = 0;
  let wasRoom = true;
  for (let i = 0; i < messages; i++) {
    const ok = check(bytes);
    if (ok !== wasRoom) edges++;
    wasRoom = ok;
    // Room: the message goes in. Full: the shipper deletes a segment meanwhile.
    bytes = ok ? bytes + step : Math.max(0, bytes - segment);
  }
  return edges;
}

describe('journal room (high/low-water marks)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('once full, has room again only below the low-water mark', () => {
    const { r } = room();
    expect(r.check(999, false)).toBe(true);
    expect(r.check(1000, false)).toBe(false);
    expect(r.isFull()).toBe(true);
    expect(r.check(900, false)).toBe(false);
    expect(r.check(500, false)).toBe(false);
    expect(r.check(499, false)).toBe(true);
    expect(r.check(900, false)).toBe(true);
  });

  it('is full while lines are held back, whatever the bytes', () => {
    const { r } = room();
    expect(r.check(0, true)).toBe(false);
    expect(r.check(0, false)).toBe(true);
  });

  it('held back between the marks (the disk refused a write), has room again once writable: the low-water mark is for size only', () => {
    const { r, logs } = room(0);
    expect(r.check(700, true)).toBe(false);
    // Before: full until the journal shipped down under 500 B, for as long as InfluxDB stayed away.
    expect(r.check(700, false)).toBe(true);
    expect(logs[1]).toMatch(/^journal below its bound again \(700 B < 1000 B, writable again\)/);
    // Full by size, then held back too: still the low-water mark once writable.
    expect(r.check(1000, false)).toBe(false);
    expect(r.check(700, true)).toBe(false);
    expect(r.check(700, false)).toBe(false);
    // Held back after it drained under the mark: the high one again.
    expect(r.check(400, true)).toBe(false);
    expect(r.check(700, false)).toBe(true);
  });

  it('a stream at the bound makes few edges: one per drain to the low-water mark, not one per shipped segment', () => {
    const { r } = room();
    const edges = streamAtBound((b) => r.check(b, false), 10_000);
    // 10 bytes a message: the bound is reached every ~50 messages without a gap (~one edge pair per
    // segment of 100 bytes); with it every ~100 messages (~two edge pairs per 500 bytes of drain).
    const noGap = createRoom({ high: HIGH, low: HIGH, maxBytes: 1200, log: () => {} });
    const without = streamAtBound((b) => noGap.check(b, false), 10_000);
    expect(without).toBeGreaterThan(300);
    expect(edges).toBeLessThan(without / 3);
  });

  it('puts the low-water mark at half the high one, the gap capped at 4 MiB', () => {
    expect(lowWaterMark(57_344)).toBe(28_672);
    expect(lowWaterMark(1024 ** 3)).toBe(1024 ** 3 - 4 * 1024 * 1024);
  });
});

describe('journal room: the edge log', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('writes at most one line per logEveryMs, counting the edges in between, and the state they ended in comes promptly', () => {
    const { r, logs } = room(2000);
    r.check(1000, false); // full: logged at once
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^WAL_FULL: journal 1000 B ≥ 1200 B/);
    for (let i = 0; i < 100; i++) {
      r.check(0, false); // room
      r.check(1000, false); // full
    }
    r.check(0, false); // ends with room
    expect(logs).toHaveLength(1);
    vi.advanceTimersByTime(1999);
    expect(logs).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatch(/^journal below its bound again \(0 B < low-water mark 500 B\); acknowledging the broker \(200 more edges since the last line\)$/);
    // The tests read the log for a full edge followed by a room one.
    expect(logs.join('\n')).toMatch(/WAL_FULL: journal \d+ B ≥ 1200 B[\s\S]*journal below its bound again/);
    // After a quiet spell the next edge is logged at once, with nothing to count.
    vi.advanceTimersByTime(5000);
    r.check(1000, false);
    expect(logs).toHaveLength(3);
    expect(logs[2]).not.toMatch(/more edges/);
  });

  it('a single edge inside the interval is logged when it is up, counting no extra edges', () => {
    const { r, logs } = room(2000);
    r.check(1000, false);
    vi.advanceTimersByTime(500);
    r.check(0, false);
    expect(logs).toHaveLength(1);
    vi.advanceTimersByTime(1500);
    expect(logs).toEqual([expect.stringMatching(/^WAL_FULL/), expect.stringMatching(/^journal below its bound again \(0 B < low-water mark 500 B\); acknowledging the broker$/)]);
  });

  it('close() writes an edge still waiting for its line', () => {
    const { r, logs } = room(2000);
    r.check(1000, false);
    r.check(0, false);
    r.close();
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatch(/^journal below its bound again/);
    vi.advanceTimersByTime(5000);
    expect(logs).toHaveLength(2);
  });
});
