/**
 * `npm run backup` and `npm run restore` on real engines: a "machine" in npm start's managed layout
 * (InfluxDB with its generated admin, PostgreSQL) holds readings, alert events and an edited registry,
 * written and read back through the product's own code; the backup runs against it while it runs;
 * the restore goes into fresh servers given by env (external), and into a fresh managed data dir
 * that nothing runs on (a new machine). Each must show the readings, the alert history and the
 * registry with its change history, and no command may print a password.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogFile from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import { testAlert, testEvent } from '../../src/lib/server/alert-fixtures';
import type { Reading } from '../../src/lib/core/reading';
import { readRecentAlertEvents, readSensorHistory } from '../../src/lib/server/history';
import { createInfluxClient } from '../../src/lib/server/influx';
import { openRegistry } from '../../src/lib/server/registry/service';
import { setupInflux } from '../../src/lib/influx/setup';
import { influxQl } from '../../src/lib/influx/query';
import { createInfluxDB } from '../../src/lib/influx/client';
import { writeLines } from '../../src/lib/influx/write';
import { formatReading } from '../../ingest/durable/influx-sink';
import { readInfluxdAddresses, renameCqDatabase } from '../../scripts/lib/backup-config';
import { ensureInfluxAdminFile, startInfluxd, type InfluxdHandle } from '../../scripts/lib/influxd';
import { startPostgres, type PostgresHandle } from '../../scripts/lib/postgres';
import { createTempDir } from '../helpers/services';
import { PROJECT_ROOT } from '../helpers/processes';

const catalog = catalogFile as unknown as Catalog;
const gauge = catalog.sensors.find((s) => s.kind === 'flood' && s.flood)!;
const engineer = { user: 'eko', role: 'engineer' };
const REASON = 'staff gauge re-levelled by BWS';
const READINGS = 60;
const now = Date.now();
const alert = testAlert('backup-alert-1', now - 10 * 60_000);

interface Machine {
  influx: InfluxdHandle;
  postgres: PostgresHandle;
  influxConfig: InfluxConfig;
  secrets: string[];
  stop(): Promise<void>;
}

let tmp: { dir: string; remove(): Promise<void> };
let source: Machine;
let sourceRetention: { rps: unknown; cqs: string[] };
const machines: Machine[] = [];

/** InfluxDB with its admin (as npm start runs it) and PostgreSQL, in `<dir>/influxdb` and `<dir>/postgres`. */
async function startMachine(dir: string, database = 'pantau'): Promise<Machine> {
  const admin = await ensureInfluxAdminFile(path.join(dir, 'influxdb'));
  const [influx, postgres] = await Promise.all([startInfluxd({ dataDir: path.join(dir, 'influxdb'), admin }), startPostgres({ dataDir: path.join(dir, 'postgres') })]);
  const influxConfig = parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: database, INFLUX_USERNAME: admin.username, INFLUX_PASSWORD: admin.password });
  const machine = { influx, postgres, influxConfig, secrets: [admin.password, new URL(postgres.url).password], stop: async () => void (await Promise.all([influx.stop(), postgres.stop()])) };
  machines.push(machine);
  return machine;
}

/** Readings through the ingest's line format, alert events through the command center's writer, a registry edit through the store. */
async function writeData(m: Machine): Promise<void> {
  await setupInflux(m.influxConfig);
  const readings: Reading[] = Array.from({ length: READINGS }, (_, i) => ({ kind: 'flood', sensorId: gauge.id, ts: now - (READINGS - i) * 60_000, values: { water_level: 100 + i, rainfall: 2 } }));
  const lines = readings.map((r) => formatReading(r, gauge.district));
  await writeLines(createInfluxDB(m.influxConfig, 30_000), m.influxConfig, lines);
  const client = createInfluxClient(m.influxConfig);
  await client.writeAlertEvent(testEvent('raised', alert));
  await client.writeAlertEvent(testEvent('acknowledged', { ...alert, state: 'acknowledged', updatedAt: alert.updatedAt + 60_000 }));
  await client.close();
  const registry = await openRegistry({ databaseUrl: m.postgres.url, fileCatalog: catalog, log: () => {} });
  try {
    const r = await registry.store.edit(engineer, gauge.id, { flood: { ...gauge.flood, siaga3: gauge.flood!.siaga3 - 10 } }, REASON, 1);
    expect(r.ok).toBe(true);
  } finally {
    await registry.close();
  }
}

/** The database's retention policies and continuous queries (the rollups), as InfluxDB lists them. */
async function retentionSetup(m: Machine): Promise<{ rps: unknown; cqs: string[] }> {
  const db = m.influxConfig.database;
  const rps = await influxQl(m.influxConfig, `SHOW RETENTION POLICIES ON "${db}"`);
  const cqs = (await influxQl(m.influxConfig, 'SHOW CONTINUOUS QUERIES')).results?.[0]?.series?.find((x) => x.name === db);
  return { rps: rps.results?.[0]?.series?.[0]?.values, cqs: (cqs?.values ?? []).map((row) => String(row[1])) };
}

/** What the restored machine must show, read as the command center reads it. */
async function expectRestored(m: Machine): Promise<void> {
  const client = createInfluxClient(m.influxConfig);
  try {
    const history = await readSensorHistory(client, gauge, 6, Date.now());
    expect(history.fields.water_level.map(([, v]) => v)).toEqual(Array.from({ length: READINGS }, (_, i) => 100 + i));
    const events = (await readRecentAlertEvents(client, Date.now())).filter((e) => e.alert.id === alert.id);
    expect(events.map((e) => e.type)).toEqual(['raised', 'acknowledged']);
  } finally {
    await client.close();
  }
  const db = m.influxConfig.database;
  expect(await retentionSetup(m)).toEqual({ rps: sourceRetention.rps, cqs: sourceRetention.cqs.map((q) => renameCqDatabase(q, 'pantau', db)) });
  const registry = await openRegistry({ databaseUrl: m.postgres.url, fileCatalog: catalog, log: () => {} });
  try {
    expect(registry.current().catalog.sensors).toHaveLength(catalog.sensors.length);
    const got = await registry.store.get(gauge.id);
    expect(got!.sensor.flood!.siaga3).toBe(gauge.flood!.siaga3 - 10);
    expect(got!.history[0]).toMatchObject({ action: 'edit', actor: 'eko', role: 'engineer', reason: REASON, revision: 2 });
    expect(got!.history[0].diff).toEqual([{ field: 'flood.siaga3', from: gauge.flood!.siaga3, to: gauge.flood!.siaga3 - 10 }]);
  } finally {
    await registry.close();
  }
}

/** The command as an operator runs it: its own process, its exit code, all it printed. */
async function cli(script: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  // No INFLUX_*/DATABASE_URL leaks in from the test's own environment: each case says what it targets.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(INFLUX_|DATABASE_URL|PANTAU_DATA_DIR)/.test(k)));
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: PROJECT_ROOT, env: { ...base, ...env }, timeout: 240_000 });
    return { code: 0, output: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function expectNoSecrets(output: string, machinesToCheck: Machine[]): void {
  for (const secret of machinesToCheck.flatMap((m) => m.secrets)) expect(output).not.toContain(secret);
}

const backupDir = () => path.join(tmp.dir, 'backup');

beforeAll(async () => {
  tmp = await createTempDir('pantau-backup-');
  await chmod(tmp.dir, 0o711); // PostgreSQL runs as the postgres user when we are root and must enter it
  source = await startMachine(path.join(tmp.dir, 'a'));
  await writeData(source);
  sourceRetention = await retentionSetup(source);
  expect(sourceRetention.cqs.length).toBeGreaterThan(0); // the rollups' continuous queries exist to be restored
}, 180_000);

afterAll(async () => {
  for (const m of machines) await m.stop().catch(() => undefined);
  await tmp?.remove();
}, 60_000);

describe('npm run backup', () => {
  it('backs up the running managed stack (.data layout) into one directory, printing no password', async () => {
    const r = await cli('backup', ['--out', backupDir()], { PANTAU_DATA_DIR: path.join(tmp.dir, 'a') });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/managed InfluxDB .*\(running/);
    expect(r.output).toMatch(/registry: \d+ sensors, \d+ changes/);
    expectNoSecrets(r.output, [source]);
    const manifest = JSON.parse(await readFile(path.join(backupDir(), 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'pantau-backup', version: 1, influxdb: { database: 'pantau' }, postgres: { file: 'postgres/registry.dump' } });
    expect(manifest.influxdb.files).toBeGreaterThan(1);
  }, 240_000);

  it('fails clearly on wrong credentials of external servers, printing neither password and leaving no directory', async () => {
    const wrong = { influx: 'wrong-influx-pass-4711', pg: 'wrong-pg-pass-4712' };
    const pgUrl = new URL(source.postgres.url);
    pgUrl.password = wrong.pg;
    const out = path.join(tmp.dir, 'failed');
    const influxOnly = await cli('backup', ['--out', out, '--only', 'influxdb'], { INFLUX_URL: source.influx.url, INFLUX_USERNAME: 'pantau', INFLUX_PASSWORD: wrong.influx });
    expect(influxOnly.code).toBe(1);
    expect(influxOnly.output).toMatch(/\[backup\] failed: cannot query InfluxDB .*authorization failed/);
    const pgOnly = await cli('backup', ['--out', out, '--only', 'postgres'], { DATABASE_URL: pgUrl.toString() });
    expect(pgOnly.code).toBe(1);
    expect(pgOnly.output).toMatch(/\[backup\] failed: cannot connect to PostgreSQL 127\.0\.0\.1:\d+\/pantau: password authentication failed/);
    for (const r of [influxOnly, pgOnly]) expect(r.output).not.toMatch(/wrong-(influx|pg)-pass/);
    expectNoSecrets(influxOnly.output + pgOnly.output, [source]);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('refuses a directory that is not empty, and says so', async () => {
    const r = await cli('backup', ['--out', backupDir()], { PANTAU_DATA_DIR: path.join(tmp.dir, 'a') });
    expect(r.code).toBe(1);
    expect(r.output).toContain('is not empty');
  }, 120_000);
});

describe('npm run restore', () => {
  it('refuses to restore under a running npm start, touching nothing', async () => {
    const r = await cli('restore', ['--from', backupDir(), '--replace'], { PANTAU_DATA_DIR: path.join(tmp.dir, 'a') });
    expect(r.code).toBe(1);
    expect(r.output).toContain('stop npm start first');
    await expectRestored(source);
  }, 120_000);

  it('restores into fresh external servers given by INFLUX_URL and DATABASE_URL, under another database name', async () => {
    const fresh = await startMachine(path.join(tmp.dir, 'b'), 'city2');
    const rpc = readInfluxdAddresses(await readFile(path.join(tmp.dir, 'b', 'influxdb', 'influxdb.conf'), 'utf8')).rpc;
    const env = {
      INFLUX_URL: fresh.influx.url, INFLUX_RPC_ADDRESS: rpc, INFLUX_DB: 'city2', INFLUX_USERNAME: fresh.influxConfig.username,
      INFLUX_PASSWORD: fresh.influxConfig.password, DATABASE_URL: fresh.postgres.url, PANTAU_DATA_DIR: path.join(tmp.dir, 'unused')
    };
    const r = await cli('restore', ['--from', backupDir()], env);
    expect(r.code, r.output).toBe(0);
    expectNoSecrets(r.output, [source, fresh]);
    await expectRestored(fresh);

    // A second restore finds data there: refused without --replace (nothing touched), done with it.
    const again = await cli('restore', ['--from', backupDir()], env);
    expect(again.code).toBe(1);
    expect(again.output).toContain('pass --replace');
    const replaced = await cli('restore', ['--from', backupDir(), '--replace'], env);
    expect(replaced.code, replaced.output).toBe(0);
    await expectRestored(fresh);
    await fresh.stop();
  }, 300_000);

  it('restores into a new machine: an empty data dir, the managed databases started by the restore', async () => {
    const dir = path.join(tmp.dir, 'c');
    const r = await cli('restore', ['--from', backupDir()], { PANTAU_DATA_DIR: dir });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('starting the managed PostgreSQL');
    const restored = await startMachine(dir); // as npm start would: the same data dir and credentials
    expectNoSecrets(r.output, [source, restored]);
    await expectRestored(restored);
  }, 300_000);
});

describe('npm run backup with npm start stopped', () => {
  it('starts the managed databases from the data dir for the backup and stops them after', async () => {
    await source.stop();
    const out = path.join(tmp.dir, 'backup-stopped');
    const r = await cli('backup', ['--out', out], { PANTAU_DATA_DIR: path.join(tmp.dir, 'a') });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('starting the managed InfluxDB');
    expect(r.output).toMatch(/registry: \d+ sensors/);
    expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ influxdb: { database: 'pantau' }, postgres: { file: 'postgres/registry.dump' } });
    // Stopped again: nothing answers on the managed PostgreSQL's pid file any more.
    expect(existsSync(path.join(tmp.dir, 'a', 'postgres', 'pgdata', 'postmaster.pid'))).toBe(false);
  }, 240_000);
});
