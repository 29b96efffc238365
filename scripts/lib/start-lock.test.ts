import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { observeSpawns, spawnManaged, type SpawnedProcess } from './managed-process';
import { isSameProcess, START_LOCK_FILE, stopLeftovers, takeStartLock, type StartLockRecord } from './start-lock';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const procs: ChildProcess[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pantau-start-lock-'));
  dirs.push(d);
  return d;
};
/** A real living process that is not this one: the "other npm start". */
const sleeper = (seconds = 60) => {
  const p = spawn('sleep', [String(seconds)], { detached: true, stdio: 'ignore' });
  procs.push(p);
  return { pid: p.pid!, cmdline: ['sleep', String(seconds)] };
};
const deadPid = () => {
  // A pid that was just used and has exited (and been reaped) is not alive.
  const p = spawn('true');
  return new Promise<number>((resolve) => p.once('exit', () => resolve(p.pid!)));
};

afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the npm start data-dir lock', () => {
  it('refuses a second start while the first runs, naming its URL, and frees the dir on release', () => {
    const dir = tempDir();
    const first = takeStartLock(dir, sleeper());
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    first.lock.setUrl('http://127.0.0.1:3001/');
    const second = takeStartLock(dir);
    expect(second).toMatchObject({ ok: false, holder: { url: 'http://127.0.0.1:3001/' } });
    first.lock.release();
    const third = takeStartLock(dir);
    expect(third).toMatchObject({ ok: true, stale: null });
    if (third.ok) third.lock.release();
  });

  it('takes over the lock of a dead start, and of a pid now running another program', async () => {
    const dir = tempDir();
    const file = path.join(dir, START_LOCK_FILE);
    const dead: StartLockRecord = { pid: await deadPid(), cmdline: ['node', 'scripts/start.ts'], startedAt: 'then', url: 'http://x/', children: [] };
    writeFileSync(file, JSON.stringify(dead));
    const took = takeStartLock(dir);
    expect(took).toMatchObject({ ok: true, stale: { pid: dead.pid } });
    if (took.ok) took.lock.release();
    // A live pid whose command line is not the recorded one: the start died and its pid was reused.
    const other = sleeper();
    writeFileSync(file, JSON.stringify({ ...dead, pid: other.pid }));
    const again = takeStartLock(dir);
    expect(again).toMatchObject({ ok: true, stale: { pid: other.pid } });
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
  });

  it('takes over a lock holding its own pid and command line (from before a reboot that reused the pid)', () => {
    const dir = tempDir();
    const me = { pid: process.pid, cmdline: readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').split('\0').filter(Boolean) };
    writeFileSync(path.join(dir, START_LOCK_FILE), JSON.stringify({ ...me, startedAt: 'before the reboot', url: 'http://x/', children: [] }));
    const took = takeStartLock(dir, me);
    expect(took).toMatchObject({ ok: true, stale: { pid: process.pid } });
    if (took.ok) took.lock.release();
  });

  it('records the processes spawned while it is held and drops them when they exit', async () => {
    const dir = tempDir();
    const taken = takeStartLock(dir);
    if (!taken.ok) throw new Error('lock not taken');
    const seen: SpawnedProcess[] = [];
    const unsubscribe = observeSpawns({ spawned: (p) => (taken.lock.addChild(p), seen.push(p)), exited: (pid) => taken.lock.removeChild(pid) });
    try {
      const proc = spawnManaged({ name: 'stand-in', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] });
      await new Promise((r) => setTimeout(r, 200));
      const recorded = JSON.parse(readFileSync(taken.lock.file, 'utf8')) as StartLockRecord;
      expect(recorded.children).toEqual([{ pid: proc.pid, name: 'stand-in', cmdline: [process.execPath, '-e', 'setInterval(() => {}, 1000)'], stopSignal: 'SIGTERM' }]);
      // What is recorded is what /proc shows: the next start will recognise it.
      expect(isSameProcess(recorded.children[0])).toBe(true);
      await proc.stop();
      expect((JSON.parse(readFileSync(taken.lock.file, 'utf8')) as StartLockRecord).children).toEqual([]);
    } finally {
      unsubscribe();
      taken.lock.release();
    }
    expect(seen).toHaveLength(1);
  });

  it('stops leftovers of a dead start that still run their recorded command, and leaves reused pids alone', async () => {
    const leftover = sleeper();
    const stranger = sleeper();
    const stale: StartLockRecord = {
      pid: await deadPid(),
      cmdline: ['node'],
      startedAt: 'then',
      url: null,
      children: [
        { pid: leftover.pid, name: 'influxd', cmdline: leftover.cmdline, stopSignal: 'SIGTERM' },
        { pid: stranger.pid, name: 'ingest', cmdline: ['node', 'ingest/main.ts'], stopSignal: 'SIGTERM' }
      ]
    };
    const lines: string[] = [];
    const stopped = await stopLeftovers(stale, (l) => lines.push(l), 2000);
    expect(stopped.map((p) => p.pid)).toEqual([leftover.pid]);
    expect(isSameProcess(leftover)).toBe(false);
    expect(isSameProcess(stranger)).toBe(true);
    expect(lines.join('\n')).toContain(`influxd (pid ${leftover.pid})`);
  });

  it('npm start refuses to start on a data dir another start holds, and says where that one runs', async () => {
    const dir = tempDir();
    const first = takeStartLock(dir, sleeper());
    if (!first.ok) throw new Error('lock not taken');
    first.lock.setUrl('http://127.0.0.1:3999/');
    const env = { ...process.env, PANTAU_DATA_DIR: dir, PANTAU_SIMULATE: '0' };
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, env, timeout: 30_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr })
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already running');
    expect(result.stderr).toContain('http://127.0.0.1:3999/');
    // The refused start did not take or change the first one's lock.
    expect(JSON.parse(readFileSync(first.lock.file, 'utf8')).url).toBe('http://127.0.0.1:3999/');
  }, 40_000);
});
