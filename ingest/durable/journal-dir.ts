/**
 * The journal's files in its dir: numbered segment files, the checkpoint, and the lock that keeps
 * one process per journal (journal.ts reads and writes the segments themselves).
 */
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PantauError } from '../../src/lib/core/errors';
import type { Cursor } from './journal-types';
import { isAlive } from '../process-alive';

const SEGMENT_PATTERN = /^seg-(\d{12})\.lp$/;
export const CHECKPOINT_FILE = 'checkpoint.json';
const LOCK_FILE = 'LOCK';

export function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(12, '0')}.lp`;
}

export function listSegments(dir: string): number[] {
  return readdirSync(dir)
    .map((f) => SEGMENT_PATTERN.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * One process per journal: two writers would interleave segments and ship each other's lines.
 * A lock left by a process that died (SIGKILL) is taken over.
 */
export function takeLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  let owner = NaN;
  try {
    owner = Number(readFileSync(file, 'utf8'));
  } catch {
    // no lock yet
  }
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
    throw new PantauError('WAL_LOCKED', `journal ${dir} is in use by process ${owner}; give each ingest its own INGEST_CLIENT_ID or INGEST_WAL_DIR`);
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

/** A missing or damaged checkpoint means "from the oldest segment": replaying is safe, skipping is not. */
export function readCheckpoint(dir: string, oldest: number): Cursor {
  try {
    const c = JSON.parse(readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8')) as Cursor;
    if (Number.isInteger(c.segment) && Number.isInteger(c.offset) && c.offset >= 0 && c.segment >= oldest) return c;
  } catch {
    // fall through
  }
  return { segment: oldest, offset: 0 };
}
