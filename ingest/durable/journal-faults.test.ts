/**
 * The journal when the disk fails under it: a write the kernel takes only in part (disk full), and
 * a segment that cannot be created. The short write is real: a child process runs under a file-size
 * limit (`ulimit -f`), where the kernel writes up to the limit and then fails with EFBIG, as it does
 * with ENOSPC on a full disk.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, segmentName, type Journal } from './journal';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const JOURNAL_TS = path.join(ROOT, 'ingest/durable/journal.ts');

const dirs: string[] = [];
const journals: Journal[] = [];
afterEach(() => {
  for (const j of journals.splice(0)) j.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-wal-faults-'));
  dirs.push(dir);
  return dir;
}

/** Line i is exactly 100 bytes with its newline: 9 of them fill 900 of the child's 1024 allowed bytes. */
const line = (i: number) => `flood,sensor=s water_level=${i} ${1_700_000_000_000 + i}`.padEnd(99, ' ');

/** Everything from the checkpoint, read back from disk by a fresh journal (as after a restart). */
function readAll(dir: string): { lines: string[]; skippedTails: number } {
  const j = openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false });
  journals.push(j);
  const out: string[] = [];
  let cursor = j.committed();
  for (;;) {
    const chunk = j.read(cursor, 1000, 1 << 20);
    if (chunk.bytes === 0) break;
    if (chunk.count > 0) out.push(...chunk.text.split('\n'));
    cursor = chunk.next;
  }
  return { lines: out, skippedTails: j.stats().skippedTails };
}

/**
 * In a child limited to 1024-byte files: 900 bytes of lines, then 300 bytes the kernel takes only 124
 * of (EFBIG), then one more line. With `breakTruncate` the child's ftruncate fails too (an I/O error).
 */
const CHILD = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const [dir, breakTruncate] = [process.argv.at(-2), process.argv.at(-1) === '1'];
if (breakTruncate) {
  fs.ftruncateSync = () => { throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' }); };
  syncBuiltinESMExports();
}
const { openJournal } = await import(${JSON.stringify(JOURNAL_TS)});
const line = ${line.toString()};
const j = openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false });
const out = {};
j.append([0, 1, 2, 3, 4, 5, 6, 7, 8].map(line));
try { j.append([9, 10, 11].map(line)); out.failed = 'no error'; } catch (e) { out.failed = e.code; }
try { out.after = j.append([12].map(line)).end; } catch (e) { out.after = e.code; }
out.diskBytes = j.diskBytes();
j.close();
console.log(JSON.stringify(out));
`;

function runLimited(dir: string, breakTruncate: boolean): { failed: string; after: unknown; diskBytes: number } {
  // From a file, not `-e`: the journal LOCK records the command line, and the script's text in it would not fit the limit.
  const script = path.join(tempDir(), 'child.mts');
  writeFileSync(script, CHILD);
  const res = spawnSync('bash', ['-c', 'ulimit -f 1 && exec "$0" "$@"', process.execPath, '--import', 'tsx', script, dir, breakTruncate ? '1' : '0'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000
  });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
}

describe('journal under disk faults', () => {
  it('cuts off the part of a failed write the disk took, so later lines and offsets stay whole', () => {
    const dir = tempDir();
    const child = runLimited(dir, false);
    expect(child.failed).toBe('EFBIG');
    // The failed append's 124 bytes are gone: the next line fits in the 1024 allowed and lands at 900.
    expect(child.after).toEqual({ segment: 1, offset: 1000 });
    expect(child.diskBytes).toBe(1000);
    expect(readAll(dir)).toEqual({ lines: [0, 1, 2, 3, 4, 5, 6, 7, 8, 12].map(line), skippedTails: 0 });
  });

  it('when the cut fails too, counts the fragment, leaves the segment and skips the fragment on reading', () => {
    const dir = tempDir();
    const child = runLimited(dir, true);
    expect(child.failed).toBe('EFBIG');
    expect(child.after).toEqual({ segment: 2, offset: 100 });
    expect(child.diskBytes).toBe(1024 + 100);
    // The 124 bytes the disk took are line 9 whole (shipped; the caller's re-append only rewrites the
    // same point) and the start of line 10, skipped like a crash's partial tail.
    expect(readAll(dir)).toEqual({ lines: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12].map(line), skippedTails: 1 });
  });

  it('keeps writing to the old segment when the next one cannot be created, and rotates once it can', () => {
    const dir = tempDir();
    const j = openJournal({ dir, segmentMaxBytes: 300, fsync: false });
    journals.push(j);
    j.append([line(0), line(1)]);
    // A directory where the next segment goes: opening it fails (EISDIR), as a full or broken disk would.
    const blocker = path.join(dir, segmentName(2));
    mkdirSync(blocker);
    expect(() => j.append([line(2), line(3)])).toThrow(/EISDIR/);
    expect(j.append([]).end).toEqual({ segment: 1, offset: 200 });
    rmSync(blocker, { recursive: true });
    expect(j.append([line(2), line(3)]).end).toEqual({ segment: 2, offset: 200 });
    j.append([line(4)]);
    expect(readdirSync(dir).filter((f) => f.startsWith('seg-'))).toEqual([segmentName(1), segmentName(2)]);
    j.close();
    journals.pop();
    expect(readAll(dir)).toEqual({ lines: [0, 1, 2, 3, 4].map(line), skippedTails: 0 });
  });
});
