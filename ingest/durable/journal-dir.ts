/**
 * The journal's files in its dir: numbered segment files, the checkpoint, and the lock that keeps
 * one process per journal (journal.ts reads and writes the segments themselves).
 */
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { PantauError } from '../../src/lib/core/errors';
import type { Cursor } from './journal-types';
import { isAlive, isSameProcess, ownProcess, processStartedAtMs, readExe, type ProcessIdentity } from '../process-alive';
import { createExclusive, removeStale } from '../lock-file';

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
 * The LOCK holds the owner's pid, command line and start (JSON), and is created with link(), so of two
 * ingests starting at once one gets it. A lock whose owner is gone is taken over: a dead pid, a pid now
 * running another program or started anew (after a reboot the old pid often belongs to a live
 * stranger), our own pid (a container restart), and an empty or unreadable file (power loss).
 */
export function takeLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const self = ownProcess();
  const text = JSON.stringify(self) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, text)) return () => release(file, text);
    let found: string;
    try {
      found = readFileSync(file, 'utf8');
    } catch {
      continue; // removed meanwhile
    }
    const owner = lockOwner(file, found);
    if (owner !== null && owner !== process.pid) {
      throw new PantauError('WAL_LOCKED', `journal ${dir} is in use by process ${owner}; give each ingest its own INGEST_CLIENT_ID or INGEST_WAL_DIR`);
    }
    removeStale(file, found);
  }
  throw new PantauError('WAL_LOCKED', `could not take the lock of journal ${dir}: other processes keep taking it`);
}

/** The pid of a live owner of the lock text, or null when the lock is stale. */
function lockOwner(file: string, text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return oldFormatOwner(file, Number(trimmed));
  try {
    const p = JSON.parse(trimmed) as Partial<ProcessIdentity>;
    if (!Number.isInteger(p.pid) || !Array.isArray(p.cmdline)) return null;
    const owner = { pid: p.pid!, cmdline: p.cmdline.map(String), ...(typeof p.started === 'string' ? { started: p.started } : {}) };
    return isSameProcess(owner) ? owner.pid : null;
  } catch {
    return null;
  }
}

/**
 * A LOCK written before it kept more than the pid. Its writer was an ingest: one running another program
 * than ours, or started after the lock was written (a reboot since), is a stranger that got the pid.
 */
function oldFormatOwner(file: string, pid: number): number | null {
  if (!isAlive(pid)) return null;
  const exe = readExe(pid);
  const ownExe = readExe(process.pid);
  if (exe !== null && ownExe !== null && exe !== ownExe) return null;
  const startedAt = processStartedAtMs(pid);
  return startedAt === null || startedAt <= mtimeMs(file) + 1000 ? pid : null;
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}


/** Removes the lock only while it is still ours. */
function release(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) unlinkSync(file);
  } catch {
    // already gone
  }
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
