/**
 * The journal LOCK (journal-dir.ts takeLock) against real processes: a live ingest keeps its journal, a
 * lock whose writer is gone is taken over, also when its pid now belongs to another live process (after a
 * reboot the old pids are handed out again) or the file is empty (power loss).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStart, readCmdline } from '../process-alive';
import { openJournal, type Journal } from './journal';

const dirs: string[] = [];
const journals: Journal[] = [];
const procs: ChildProcess[] = [];

const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-wal-lock-'));
  dirs.push(dir);
  return dir;
};
const open = (dir: string) => {
  const j = openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false });
  journals.push(j);
  return j;
};
const lockFile = (dir: string) => path.join(dir, 'LOCK');
/** A live process that is not an ingest: the stranger that got the dead ingest's pid. */
const stranger = (command = 'sleep', args = ['60']) => {
  const p = spawn(command, args, { stdio: 'ignore' });
  procs.push(p);
  return p.pid!;
};
const exited = (p: ChildProcess) => new Promise((r) => p.once('exit', r));

afterEach(() => {
  for (const j of journals.splice(0)) {
    try {
      j.close();
    } catch {
      // closed by the test already
    }
  }
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the journal LOCK', () => {
  it('is refused while another ingest holds it, and taken over once that one is killed', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'holder.mts');
    writeFileSync(
      script,
      `import { openJournal } from ${JSON.stringify(path.resolve(import.meta.dirname, 'journal.ts'))};
openJournal({ dir: ${JSON.stringify(path.join(dir, 'wal'))}, segmentMaxBytes: 1 << 20, fsync: false });
console.log('ready');
setInterval(() => {}, 1000);`
    );
    const holder = spawn(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    procs.push(holder);
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
      holder.once('exit', () => reject(new Error('the holder exited before taking the lock')));
    });
    const recorded = JSON.parse(readFileSync(lockFile(path.join(dir, 'wal')), 'utf8'));
    expect(recorded).toEqual({ pid: holder.pid, cmdline: readCmdline(holder.pid!), started: processStart(holder.pid!) });
    expect(() => open(path.join(dir, 'wal'))).toThrow(`in use by process ${holder.pid}`);
    holder.kill('SIGKILL');
    await exited(holder);
    const j = open(path.join(dir, 'wal'));
    expect(JSON.parse(readFileSync(lockFile(path.join(dir, 'wal')), 'utf8')).pid).toBe(process.pid);
    j.close();
    expect(existsSync(lockFile(path.join(dir, 'wal')))).toBe(false);
  }, 30_000);

  it('takes over a lock whose pid now runs another program or was started anew', () => {
    const dir = tempDir();
    const pid = stranger();
    const cmdline = readCmdline(pid)!;
    const started = processStart(pid)!;
    // The recorded holder really is this process: refused.
    writeFileSync(lockFile(dir), JSON.stringify({ pid, cmdline, started }));
    expect(() => open(dir)).toThrow(`in use by process ${pid}`);
    // The ingest died and a reboot gave its pid to something else.
    writeFileSync(lockFile(dir), JSON.stringify({ pid, cmdline: [process.execPath, '--import', 'tsx', 'ingest/main.ts'], started }));
    open(dir).close();
    // Same command line, but another start of it (another ingest got the pid after a reboot).
    writeFileSync(lockFile(dir), JSON.stringify({ pid, cmdline, started: started.replace(/\/\d+$/, '/1') }));
    open(dir).close();
  });

  it('takes over an empty, unreadable or pid-0 lock (power loss right after it was created)', () => {
    const dir = tempDir();
    for (const text of ['', '\n', '0', '-1', 'garbage', '{"pid":0,"cmdline":[]}', '{"pid":', '{"cmdline":["node"]}']) {
      writeFileSync(lockFile(dir), text);
      expect(() => open(dir).close(), JSON.stringify(text)).not.toThrow();
    }
  });

  it('understands a lock holding only a pid (written before the lock kept more)', () => {
    const dir = tempDir();
    // A live ingest of that version: the same program as ours, started before it wrote the lock.
    const ingest = stranger(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    writeFileSync(lockFile(dir), String(ingest));
    expect(() => open(dir)).toThrow(`in use by process ${ingest}`);
    // The same pid with a lock from before it started: written by an ingest that ran before a reboot.
    const hourAgo = Date.now() / 1000 - 3600;
    utimesSync(lockFile(dir), hourAgo, hourAgo);
    open(dir).close();
    // A pid running another program (a database backend, sshd) is no ingest.
    writeFileSync(lockFile(dir), String(stranger()));
    open(dir).close();
  });

  it('is left alone on close when another process has taken it since', () => {
    const dir = tempDir();
    const j = open(dir);
    const pid = stranger();
    const theirs = JSON.stringify({ pid, cmdline: readCmdline(pid), started: processStart(pid) });
    writeFileSync(lockFile(dir), theirs);
    j.close();
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(theirs);
  });
});
