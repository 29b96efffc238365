/**
 * Whether a recorded process is still the one that wrote a lock. A pid alone says little: after a
 * reboot or a container restart the pids are handed out again, and the dead holder's pid often belongs
 * to some other live process (a database backend, the web server). So a lock records the pid, the
 * command line and the process's start (boot id and start time), and all three must still match.
 * Without /proc (not Linux) only the pid can be checked.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** A process as a lock records it. */
export interface ProcessIdentity {
  pid: number;
  /** argv, compared with /proc/<pid>/cmdline. */
  cmdline: string[];
  /** `<boot id>/<start time in clock ticks>` (see processStart); absent in records written before it was kept. */
  started?: string;
}

/** Whether a process with this pid exists: EPERM means it does, only owned by another user. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false; // 0 and negatives signal process groups, not a process
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const procAvailable = (): boolean => {
  try {
    readFileSync('/proc/self/cmdline');
    return true;
  } catch {
    return false;
  }
};

/** argv of a running process, or null when it is gone, a zombie, or there is no /proc (then `undefined`). */
export function readCmdline(pid: number): string[] | null | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw ? raw.replace(/\0$/, '').split('\0') : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !procAvailable()) return undefined;
    return null;
  }
}

/** The program a process runs (/proc/<pid>/exe), or null when that cannot be read (gone, another user's, no /proc). */
export function readExe(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

/** Start time since boot in clock ticks (field 22 of /proc/<pid>/stat), or null. */
function startTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name in field 2 may hold spaces and parentheses: count fields from the last ')'.
    const value = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isInteger(value) ? value : null;
  } catch {
    return null;
  }
}

let bootIdCache: string | null | undefined;
function bootId(): string | null {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      bootIdCache = null;
    }
  }
  return bootIdCache;
}

/** When the process started, unique across reboots (`<boot id>/<ticks>`), or null when it cannot be read. */
export function processStart(pid: number): string | null {
  const ticks = startTicks(pid);
  const boot = bootId();
  return ticks === null || boot === null ? null : `${boot}/${ticks}`;
}

/**
 * Wall-clock start of a process in ms, or null (no /proc). Used for a lock that recorded only a pid:
 * a process that started after the lock was written cannot have written it.
 */
export function processStartedAtMs(pid: number): number | null {
  const ticks = startTicks(pid);
  if (ticks === null) return null;
  try {
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    // USER_HZ is 100 on every Linux architecture (part of the ABI).
    return btime ? Number(btime[1]) * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}

/** This process as a lock records it. */
export function ownProcess(): ProcessIdentity {
  const cmdline = readCmdline(process.pid) ?? [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const started = processStart(process.pid);
  return started === null ? { pid: process.pid, cmdline } : { pid: process.pid, cmdline, started };
}

/** The recorded process still runs the recorded program, and is the same start of it (without /proc: it is alive). */
export function isSameProcess(p: ProcessIdentity): boolean {
  if (!isAlive(p.pid)) return false;
  const now = readCmdline(p.pid);
  if (now === undefined) return true;
  if (now === null || now.join('\0') !== p.cmdline.join('\0')) return false;
  // Another ingest with the same command line can get the pid after a reboot: the start tells them apart.
  if (typeof p.started !== 'string') return true;
  const started = processStart(p.pid);
  return started === null || started === p.started;
}
