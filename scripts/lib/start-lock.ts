/**
 * One `npm start` per data dir. InfluxDB 1.x does not lock its data dir: a second managed influxd on
 * `.data/influxdb` rewrites the first one's config and its points are lost; PostgreSQL and the ingest
 * journal do lock theirs, so a second start would limp on half-started while saying it runs.
 *
 * The lock file holds the start's pid and command line (a pid reused by another program is no holder),
 * its URL once it is up (for the refusal message), and every process it has running, so the start after
 * one killed with SIGKILL can stop what it left behind (its children are detached: nothing else does).
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isSameProcess, ownProcess, type ProcessIdentity } from '../../ingest/process-alive';
import { createExclusive, removeStale } from '../../ingest/lock-file';

// Shared with the ingest journal's lock; re-exported for the tests and tools that check a start's processes.
export { isSameProcess, readCmdline } from '../../ingest/process-alive';

export const START_LOCK_FILE = 'start.lock';

/** A process the start runs, as the next start will check it before stopping it. */
export interface LockedProcess {
  pid: number;
  name: string;
  /** argv as spawned; compared with /proc/<pid>/cmdline so a reused pid is never signalled. */
  cmdline: string[];
  stopSignal: NodeJS.Signals;
}

export interface StartLockRecord {
  pid: number;
  cmdline: string[];
  /** The start's own start (process-alive.ts processStart): a reused pid running the same command is no holder. */
  started?: string;
  startedAt: string;
  url: string | null;
  children: LockedProcess[];
}

export interface StartLock {
  readonly file: string;
  setUrl(url: string): void;
  addChild(p: LockedProcess): void;
  removeChild(pid: number): void;
  /** Removes the file if it is still ours. */
  release(): void;
}

export type StartLockResult = { ok: true; lock: StartLock; stale: StartLockRecord | null } | { ok: false; holder: StartLockRecord };

function readRecord(file: string): { text: string; record: StartLockRecord | null } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const r = JSON.parse(text) as StartLockRecord;
    return { text, record: Number.isInteger(r.pid) && Array.isArray(r.cmdline) && Array.isArray(r.children) ? r : null };
  } catch {
    return { text, record: null };
  }
}

/** Whole-file writes: a reader never sees half a record. */
function writeAtomically(file: string, record: StartLockRecord): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}


export function takeStartLock(dataDir: string, self: ProcessIdentity = ownProcess()): StartLockResult {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, START_LOCK_FILE);
  const record: StartLockRecord = { pid: self.pid, cmdline: self.cmdline, ...(self.started ? { started: self.started } : {}), startedAt: new Date().toISOString(), url: null, children: [] };
  let stale: StartLockRecord | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, JSON.stringify(record, null, 2) + '\n')) return { ok: true, lock: handle(file, record), stale };
    const found = readRecord(file);
    if (!found) continue;
    // our own pid in it is a lock from before a reboot or a container restart that reused the pid
    if (found.record && found.record.pid !== self.pid && isSameProcess(found.record)) return { ok: false, holder: found.record };
    if (removeStale(file, found.text)) stale = found.record ?? stale;
  }
  throw new Error(`could not take ${file}: other starts keep taking it`);
}

function handle(file: string, record: StartLockRecord): StartLock {
  const save = () => writeAtomically(file, record);
  let released = false;
  return {
    file,
    setUrl(url) {
      record.url = url;
      if (!released) save();
    },
    addChild(p) {
      record.children.push(p);
      if (!released) save();
    },
    removeChild(pid) {
      record.children = record.children.filter((c) => c.pid !== pid);
      if (!released) save();
    },
    release() {
      if (released) return;
      released = true;
      if (readRecord(file)?.record?.pid === record.pid) unlinkSync(file);
    }
  };
}

/**
 * Stops what a dead start left running, newest first (simulators and ingest before InfluxDB), each only
 * if its pid still runs the recorded command line. Resolves with what was stopped.
 */
export async function stopLeftovers(stale: StartLockRecord, log: (line: string) => void, graceMs = 10_000): Promise<LockedProcess[]> {
  const stopped: LockedProcess[] = [];
  for (const p of [...stale.children].reverse()) {
    if (!isSameProcess(p)) continue;
    log(`stopping ${p.name} (pid ${p.pid}) left running by the previous start`);
    signal(p.pid, p.stopSignal);
    const deadline = Date.now() + graceMs;
    while (isSameProcess(p) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Detached children lead their own process group: SIGKILL takes their helpers too.
    if (isSameProcess(p)) signal(-p.pid, 'SIGKILL') || signal(p.pid, 'SIGKILL');
    stopped.push(p);
  }
  return stopped;
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
