/**
 * scripts/ensure-deps.sh (npm's prestart/pretest) must not run `npm ci` under a running Pantau: after a
 * `git pull` that changed package-lock.json, a second `npm start` deleted node_modules under the
 * running stack before start.ts refused it. Run against a copy of the scripts in a temp checkout whose
 * node_modules is missing; `npm` there is a stand-in that only records that it ran (a real `npm ci`
 * would need the registry and would not tell us more).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStart, readCmdline } from '../ingest/process-alive';
import { takeStartLock } from './lib/start-lock';

const SCRIPTS = import.meta.dirname;
const dirs: string[] = [];
const procs: ChildProcess[] = [];

afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A checkout with the scripts, a package-lock.json and no node_modules. */
function checkout(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pantau-deps-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'scripts'));
  for (const f of ['ensure-deps.sh', 'running-start.mjs']) copyFileSync(path.join(SCRIPTS, f), path.join(root, 'scripts', f));
  writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
  mkdirSync(path.join(root, 'bin'));
  const npm = path.join(root, 'bin', 'npm');
  writeFileSync(npm, '#!/bin/sh\necho "$@" > npm-ran\nmkdir -p node_modules && echo {} > node_modules/.package-lock.json\n');
  chmodSync(npm, 0o755);
  return root;
}

/** A live process standing for the running `npm start`, with its lock in <root>/.data as start.ts writes it. */
async function runningStart(root: string, cwd = root): Promise<number> {
  const p = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd, stdio: 'ignore' });
  procs.push(p);
  await new Promise((r) => p.once('spawn', r));
  const pid = p.pid!;
  const taken = takeStartLock(path.join(root, '.data'), { pid, cmdline: readCmdline(pid)!, started: processStart(pid)! });
  if (!taken.ok) throw new Error('lock not taken');
  taken.lock.setUrl('http://127.0.0.1:3999/');
  return pid;
}

function ensureDeps(root: string, mode = 'start') {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.join(root, 'bin')}:${path.dirname(process.execPath)}:${process.env.PATH}` };
  // External services: nothing to look for on this machine in start mode.
  Object.assign(env, { INFLUX_URL: 'http://127.0.0.1:1', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
  delete env.PANTAU_DATA_DIR;
  delete env.PANTAU_BROKER;
  const res = spawnSync('bash', [path.join(root, 'scripts', 'ensure-deps.sh'), mode], { env, encoding: 'utf8', timeout: 30_000 });
  return { status: res.status, stderr: res.stderr, npmRan: existsSync(path.join(root, 'npm-ran')) };
}

describe('ensure-deps before npm ci', () => {
  it('refuses while a start of this checkout runs, says to stop it first, and leaves node_modules alone', async () => {
    const root = checkout();
    const pid = await runningStart(root);
    const res = ensureDeps(root);
    expect(res.status).toBe(1);
    expect(res.npmRan).toBe(false);
    expect(res.stderr).toContain('Pantau is running from this checkout (http://127.0.0.1:3999/, pid ' + pid);
    expect(res.stderr).toContain(`Stop the running Pantau first (Ctrl-C in its terminal, or kill ${pid}), then run \`npm start\` again`);
    expect(ensureDeps(root, 'test').stderr).toContain('then run `npm test` again');
  }, 30_000);

  it('runs npm ci once that start has stopped, or when the lock is stale or from another checkout', async () => {
    const root = checkout();
    await runningStart(root);
    procs[0].kill('SIGKILL');
    await new Promise((r) => procs[0].once('exit', r));
    expect(ensureDeps(root)).toMatchObject({ status: 0, npmRan: true });

    // The lock's pid now runs another program (a reboot reused it).
    const other = checkout();
    const pid = await runningStart(other);
    writeFileSync(path.join(other, '.data', 'start.lock'), JSON.stringify({ pid, cmdline: ['node', 'scripts/start.ts'], startedAt: 'then', url: null, children: [] }));
    expect(ensureDeps(other)).toMatchObject({ status: 0, npmRan: true });

    // A start of another checkout sharing the data dir does not run on these node_modules.
    const third = checkout();
    await runningStart(third, os.tmpdir());
    expect(ensureDeps(third)).toMatchObject({ status: 0, npmRan: true });
  }, 30_000);

  it('does not stand in the way when nothing needs installing (npm test beside a running Pantau)', async () => {
    const root = checkout();
    mkdirSync(path.join(root, 'node_modules'));
    writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{}');
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'node_modules', '.package-lock.json'), later, later);
    await runningStart(root);
    expect(ensureDeps(root)).toMatchObject({ status: 0, npmRan: false });
  }, 30_000);
});
