/**
 * npm start's children are detached (own process group, for an ordered Ctrl-C): when the start itself
 * is killed with SIGKILL they keep running on the data dir. The next start finds them in the lock file
 * and stops them before it starts its own (scripts/lib/start-lock.ts).
 */
import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSameProcess, stopLeftovers, takeStartLock } from '../../scripts/lib/start-lock';
import { startInfluxd } from '../../scripts/lib/influxd';
import { createDatabase, influxQuery, influxWrite } from '../helpers/influx';
import { PROJECT_ROOT } from '../helpers/processes';
import { createTempDir } from '../helpers/services';
import { waitFor } from '../helpers/wait';

const lib = (file: string) => JSON.stringify(path.join(PROJECT_ROOT, 'scripts/lib', file));

/** A stand-in for scripts/start.ts: takes the lock, records its spawns, starts InfluxDB and PostgreSQL. */
const starter = (dataDir: string) => `
import { observeSpawns } from ${lib('managed-process.ts')};
import { takeStartLock } from ${lib('start-lock.ts')};
import { startInfluxd } from ${lib('influxd.ts')};
import { startPostgres } from ${lib('postgres.ts')};
const taken = takeStartLock(${JSON.stringify(dataDir)});
if (!taken.ok) process.exit(1);
observeSpawns({ spawned: (p) => taken.lock.addChild(p), exited: (pid) => taken.lock.removeChild(pid) });
const influx = await startInfluxd({ dataDir: ${JSON.stringify(path.join(dataDir, 'influxdb'))} });
const pg = await startPostgres({ dataDir: ${JSON.stringify(path.join(dataDir, 'postgres'))} });
console.log(JSON.stringify({ influxUrl: influx.url, influxPid: influx.pid, pgPid: pg.pid }));
setInterval(() => {}, 1000);
`;

describe('a start killed with SIGKILL', () => {
  let tmp: Awaited<ReturnType<typeof createTempDir>> | undefined;
  afterAll(async () => {
    await tmp?.remove();
  });

  it('leaves InfluxDB and PostgreSQL running, and the next start stops them before taking the data dir', async () => {
    tmp = await createTempDir('pantau-leftovers-');
    // PostgreSQL runs as the postgres user when we are root: it must be able to enter the temp dir.
    await chmod(tmp.dir, 0o711);
    const dataDir = path.join(tmp.dir, 'data');
    const script = path.join(tmp.dir, 'starter.mts');
    await writeFile(script, starter(dataDir));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    await waitFor(() => exited || out.includes('\n'), { what: 'the stand-in start to report its services', timeoutMs: 90_000 });
    expect(exited, 'the stand-in start exited early (its error is above)').toBe(false);
    const { influxUrl, influxPid, pgPid } = JSON.parse(out) as { influxUrl: string; influxPid: number; pgPid: number };
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // The start is gone; its services are not.
    expect((await fetch(`${influxUrl}/ping`)).status).toBe(204);
    const taken = takeStartLock(dataDir);
    if (!taken.ok) throw new Error(`the dead start still holds the lock: ${JSON.stringify(taken.holder)}`);
    expect(taken.stale?.children.map((c) => c.pid).sort()).toEqual([influxPid, pgPid].sort());
    expect(taken.stale?.children.every(isSameProcess)).toBe(true);

    const stopped = await stopLeftovers(taken.stale!, () => undefined);
    expect(stopped.map((p) => p.pid).sort()).toEqual([influxPid, pgPid].sort());
    expect(isSameProcess({ pid: influxPid, cmdline: taken.stale!.children.find((c) => c.pid === influxPid)!.cmdline })).toBe(false);
    expect(await fetch(`${influxUrl}/ping`).then(() => 'up', () => 'down')).toBe('down');
    // The data dir is free again: a new InfluxDB starts on it.
    const influx = await startInfluxd({ dataDir: path.join(dataDir, 'influxdb') });
    expect((await fetch(`${influx.url}/ping`)).status).toBe(204);
    await influx.stop();
    taken.lock.release();
  }, 150_000);
});

describe('a second managed InfluxDB on the same data dir', () => {
  it('is refused, and the running one keeps its config and its points', async () => {
    const tmp = await createTempDir('pantau-influx-twice-');
    const dataDir = path.join(tmp.dir, 'influxdb');
    const first = await startInfluxd({ dataDir });
    try {
      const config = await readFile(path.join(dataDir, 'influxdb.conf'), 'utf8');
      await createDatabase(first.url, 'twice');
      await influxWrite(first.url, 'twice', 'flood,sensor=flood-01 water_level=1 1764300000000');
      await expect(startInfluxd({ dataDir })).rejects.toMatchObject({ code: 'INFLUXD_RUNNING' });
      expect(await readFile(path.join(dataDir, 'influxdb.conf'), 'utf8')).toBe(config);
      await influxWrite(first.url, 'twice', 'flood,sensor=flood-01 water_level=2 1764300001000');
      expect(await influxQuery(first.url, 'twice', 'SELECT water_level FROM flood')).toHaveLength(2);
    } finally {
      await first.stop();
    }
    // Stopped, its dir is free: the config left behind names a port nothing answers on.
    const again = await startInfluxd({ dataDir });
    expect((await fetch(`${again.url}/ping`)).status).toBe(204);
    await again.stop();
    await tmp.remove();
  }, 120_000);
});
