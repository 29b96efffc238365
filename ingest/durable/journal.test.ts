import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareCursor, openJournal, segmentName, type Journal } from './journal';

const dirs: string[] = [];
const journals: Journal[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-wal-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, segmentMaxBytes = 1024 * 1024): Journal {
  const j = openJournal({ dir, segmentMaxBytes, fsync: false });
  journals.push(j);
  return j;
}

/** Reads everything from the checkpoint, in chunks, the way the sink does. */
function drain(j: Journal, maxLines = 1000, maxBytes = 64 * 1024, commit = true): string[] {
  const out: string[] = [];
  let cursor = j.committed();
  for (let guard = 0; guard < 100_000; guard++) {
    const chunk = j.read(cursor, maxLines, maxBytes);
    if (chunk.bytes === 0) break;
    if (chunk.count > 0) out.push(...chunk.text.split('\n'));
    cursor = chunk.next;
    if (commit) j.commit(cursor);
  }
  return out;
}

const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `flood,sensor=s water_level=${from + i} ${1_700_000_000_000 + from + i}`);

afterEach(() => {
  for (const j of journals.splice(0)) {
    try {
      j.close();
    } catch {
      // already closed by the test
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('journal', () => {
  it('reads back appended lines in order, in bounded chunks', () => {
    const j = open(tempDir());
    j.append(lines(0, 50));
    j.append(lines(50, 50));
    const first = j.read(j.committed(), 30, 1 << 20);
    expect(first.text.split('\n')).toEqual(lines(0, 30));
    expect(first.count).toBe(30);
    const second = j.read(first.next, 1000, 200);
    // The byte bound cuts at a line end: never half a line.
    expect(second.count).toBeGreaterThan(0);
    expect(second.bytes).toBeLessThanOrEqual(200);
    expect(second.text.split('\n')).toEqual(lines(30, second.count));
    expect(drain(j)).toEqual(lines(0, 100));
  });

  it('rotates segments and deletes the ones fully shipped', () => {
    const dir = tempDir();
    const j = open(dir, 500);
    for (let i = 0; i < 20; i++) j.append(lines(i * 10, 10));
    const segs = () => readdirSync(dir).filter((f) => f.startsWith('seg-'));
    expect(segs().length).toBeGreaterThan(5);
    expect(drain(j, 7)).toEqual(lines(0, 200));
    expect(segs()).toEqual([segmentName(Number(segs().at(-1)!.slice(4, 16)))]);
    expect(j.stats().pendingBytes).toBe(0);
  });

  it('replays from the checkpoint after a crash (reopening the dir), and only from there', () => {
    const dir = tempDir();
    const j = open(dir, 400);
    j.append(lines(0, 40)); // over several 400-byte segments: a read stops at a segment's end
    let read = 0;
    let cursor = j.committed();
    while (read < 15) {
      const chunk = j.read(cursor, 15 - read, 1 << 20);
      read += chunk.count;
      cursor = chunk.next;
    }
    j.commit(cursor);
    // Lines read but never committed must come back; the process "dies" here without close().
    j.read(cursor, 10, 1 << 20);
    const again = open(dir, 400);
    expect(drain(again)).toEqual(lines(15, 25));
    again.append(lines(40, 5));
    const third = open(dir, 400);
    expect(drain(third)).toEqual(lines(40, 5));
  });

  it('with a checkpoint interval, a crash replays from the last saved checkpoint and close() saves the latest', () => {
    const dir = tempDir();
    const j = openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false, checkpointEveryMs: 60_000 });
    j.append(lines(0, 30));
    j.commit(j.read(j.committed(), 10, 1 << 20).next); // first commit: saved
    j.commit(j.read(j.committed(), 10, 1 << 20).next); // within the interval: in memory only
    expect(j.committed().offset).toBeGreaterThan(0);
    // "Crash": reopen without close(); lines 10–19 were stored but come back (InfluxDB overwrites them).
    const again = openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false, checkpointEveryMs: 60_000 });
    expect(drain(again, 100, 64 * 1024, false)).toEqual(lines(10, 20));
    again.commit(again.read(again.committed(), 25, 1 << 20).next);
    again.close();
    expect(drain(open(dir))).toEqual([]);
  });

  it('ignores a partial line at the end of a segment left by a crash mid-write', () => {
    const dir = tempDir();
    const j = open(dir);
    j.append(lines(0, 3));
    j.close();
    appendFileSync(path.join(dir, segmentName(1)), 'flood,sensor=s water_lev');
    const again = open(dir);
    again.append(lines(3, 2));
    expect(drain(again)).toEqual(lines(0, 5));
    expect(again.stats().skippedTails).toBe(1);
  });

  it('starts from the oldest segment when the checkpoint is damaged (replay, never skip)', () => {
    const dir = tempDir();
    const j = open(dir);
    j.append(lines(0, 10));
    j.commit(j.read(j.committed(), 4, 1 << 20).next);
    j.close();
    writeFileSync(path.join(dir, 'checkpoint.json'), '{"segm');
    expect(drain(open(dir))).toEqual(lines(0, 10));
  });

  it('keeps multi-byte UTF-8 lines intact, counting bytes not characters', () => {
    const j = open(tempDir());
    const text = ['air,district=Sungai\\ Kunjang,sensor=s pm25=1 1', 'alert_event,district=Pāsar\\ Pagi,sensor=s note="banjir 🌊" 2'];
    const range = j.append(text);
    expect(range.end.offset - range.start.offset).toBe(Buffer.byteLength(text.join('\n') + '\n'));
    expect(drain(j)).toEqual(text);
  });

  it('counts disk and pending bytes for the disk bound', () => {
    const j = open(tempDir());
    j.append(['a 1 1', 'b 2 2']);
    expect(j.stats()).toMatchObject({ diskBytes: 12, pendingBytes: 12, appendedLines: 2 });
    j.commit(j.read(j.committed(), 1, 100).next);
    expect(j.stats().pendingBytes).toBe(6);
  });

  it('refuses a dir another live process holds, and takes over the lock of a dead one', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'LOCK'), String(process.ppid));
    expect(() => open(dir)).toThrow(/in use by process/);
    // A pid that cannot be running (beyond pid_max) stands for an ingest that was SIGKILLed.
    writeFileSync(path.join(dir, 'LOCK'), '99999999');
    const j = open(dir);
    j.append(['a 1 1']);
    expect(drain(j)).toEqual(['a 1 1']);
  });

  it('works the same with fsync on', () => {
    const dir = tempDir();
    const j = openJournal({ dir, segmentMaxBytes: 64, fsync: true });
    journals.push(j);
    j.append(lines(0, 5));
    expect(drain(j)).toEqual(lines(0, 5));
  });

  it('reads a line far longer than the ones before it (the read-size estimate is only a first guess)', () => {
    const j = open(tempDir());
    j.append(lines(0, 50));
    j.append(['alert_events doc="' + 'x'.repeat(20_000) + '" 1']);
    const out = drain(j, 1, 1 << 20);
    expect(out).toHaveLength(51);
    expect(out[50].length).toBe(20_000 + 21);
  });

  it('never grows a segment past segmentMaxBytes: a large append is split at line ends over segments', () => {
    const dir = tempDir();
    const j = open(dir, 500);
    j.append(lines(0, 3));
    const range = j.append(lines(3, 100)); // ~5,400 bytes: a catch-up window's single write
    const sizes = readdirSync(dir).filter((f) => f.startsWith('seg-')).map((f) => statSync(path.join(dir, f)).size);
    expect(sizes.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
    expect(j.stats().diskBytes).toBe(sizes.reduce((a, b) => a + b, 0));
    // The range spans segments; read from its start, chunk by chunk, it is exactly its text.
    expect(range.end.segment).toBeGreaterThan(range.start.segment);
    const out: string[] = [];
    for (let c = range.start; compareCursor(c, range.end) < 0; ) {
      const chunk = j.read(c, 1000, 1 << 20);
      out.push(...chunk.text.split('\n'));
      c = chunk.next;
    }
    expect(out.join('\n')).toBe(range.text);
    expect(drain(j)).toEqual(lines(0, 103));
  });

  it('gives a line longer than a segment a segment of its own, and starts the next append after it', () => {
    const dir = tempDir();
    const j = open(dir, 500);
    j.append(['a 1 1']);
    const long = j.append(['x'.repeat(700)]);
    const next = j.append(['b 2 2']);
    expect(long.start).toEqual({ segment: 2, offset: 0 });
    expect(next.start).toEqual({ segment: 3, offset: 0 });
    expect(drain(j, 10, 1 << 20)).toEqual(['a 1 1', 'x'.repeat(700), 'b 2 2']);
  });

  it('trim() deletes the active segment once all of it is committed (and only then)', () => {
    const dir = tempDir();
    const j = open(dir);
    j.append(lines(0, 20));
    j.trim(); // nothing committed: keeps everything
    expect(j.stats().pendingBytes).toBeGreaterThan(0);
    expect(drain(j, 1000, 1 << 20, false)).toEqual(lines(0, 20));
    drain(j);
    expect(j.diskBytes()).toBeGreaterThan(0); // shipped, but still on disk in the active segment
    j.trim();
    expect(j.diskBytes()).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('seg-'))).toHaveLength(1);
    j.append(lines(20, 2));
    expect(drain(open(dir))).toEqual(lines(20, 2));
  });

  it('refuses a line longer than the read limit instead of skipping it', () => {
    const j = open(tempDir());
    j.append(['x'.repeat(300)]);
    expect(() => j.read(j.committed(), 10, 100)).toThrow(/longer than the read limit/);
  });
});
