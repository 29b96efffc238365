/**
 * Which InfluxDB and PostgreSQL a backup or restore talks to. External servers come from the same
 * variables the processes read (INFLUX_URL…, DATABASE_URL); without them, `npm start`'s managed ones
 * under PANTAU_DATA_DIR (.data): used as they run when `npm start` is up (backup), or started here for
 * the duration (backup while it is down; restore, which refuses to run under a live stack).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import { PantauError } from '../../src/lib/core/errors';
import { externalRpcAddress, readInfluxdAddresses, type Engine } from './backup-config';
import { httpStatus } from './free-port';
import { ensureInfluxAdminFile, startInfluxd } from './influxd';
import { POSTGRES_ADMIN_USER, POSTGRES_DATABASE, startPostgres } from './postgres';

export type Mode = 'backup' | 'restore';

export interface InfluxTarget {
  config: InfluxConfig;
  /** host:port of influxd's RPC listener (its `bind-address`). */
  rpcAddress: string;
  /** For progress lines: never holds a password. */
  label: string;
}

export interface PostgresTarget {
  /** Holds the password: never print it. */
  url: string;
  label: string;
}

export interface Targets {
  influx?: InfluxTarget;
  postgres?: PostgresTarget;
  /** Passwords to scrub from anything printed. */
  secrets: string[];
  /** Stops what this command started. */
  release(): Promise<void>;
}

interface Ctx {
  env: Record<string, string | undefined>;
  dataDir: string;
  mode: Mode;
  log: (line: string) => void;
  stops: (() => Promise<void>)[];
  secrets: string[];
}

export async function openTargets(env: Record<string, string | undefined>, cwd: string, engines: readonly Engine[], mode: Mode, log: (line: string) => void): Promise<Targets> {
  const ctx: Ctx = { env, dataDir: path.resolve(cwd, env.PANTAU_DATA_DIR || '.data'), mode, log, stops: [], secrets: [] };
  const release = async () => {
    for (const stop of ctx.stops.reverse()) await stop().catch((err: Error) => log(`stopping a database failed: ${err.message}`));
  };
  try {
    const influx = engines.includes('influxdb') ? await influxTarget(ctx) : undefined;
    const postgres = engines.includes('postgres') ? await postgresTarget(ctx) : undefined;
    return { influx, postgres, secrets: ctx.secrets, release };
  } catch (err) {
    await release();
    throw err;
  }
}

function influxConfigFor(ctx: Ctx, url: string, auth: { username: string; password: string } | null): InfluxConfig {
  const config = parseInfluxConfig({ ...ctx.env, INFLUX_URL: url, ...(auth ? { INFLUX_USERNAME: auth.username, INFLUX_PASSWORD: auth.password } : {}) });
  if (config.api !== 'v1') {
    throw new PantauError('BACKUP_SOURCE', 'INFLUX_API=v2 (InfluxDB 2.x/3.x): use `influx backup` / `influx restore` of that version (docs/deployment.md)');
  }
  if (config.password) ctx.secrets.push(config.password);
  if (config.token) ctx.secrets.push(config.token);
  return config;
}

async function influxTarget(ctx: Ctx): Promise<InfluxTarget> {
  const url = ctx.env.INFLUX_URL;
  if (url) {
    const config = influxConfigFor(ctx, url, null);
    const rpcAddress = externalRpcAddress(config.url, ctx.env);
    return { config, rpcAddress, label: `InfluxDB ${new URL(config.url).host} (RPC ${rpcAddress}), database ${config.database}` };
  }
  const dir = path.join(ctx.dataDir, 'influxdb');
  const confPath = path.join(dir, 'influxdb.conf');
  const admin = existsSync(dir) || ctx.mode === 'restore' ? await ensureInfluxAdminFile(dir) : null;
  if (existsSync(confPath)) {
    const addr = readInfluxdAddresses(await readFile(confPath, 'utf8'));
    if ((await httpStatus(`http://${addr.http}/ping`)) === 204) {
      refuseLiveRestore(ctx, `the managed InfluxDB (${addr.http})`);
      const config = influxConfigFor(ctx, `http://${addr.http}`, admin);
      return { config, rpcAddress: addr.rpc, label: `managed InfluxDB ${addr.http} (running; RPC ${addr.rpc}), database ${config.database}` };
    }
  }
  if (ctx.mode === 'backup' && !existsSync(path.join(dir, 'meta'))) {
    throw new PantauError('BACKUP_SOURCE', `no managed InfluxDB data in ${dir}: nothing to back up (set INFLUX_URL for an external server)`);
  }
  ctx.log(`starting the managed InfluxDB in ${dir} for the ${ctx.mode} …`);
  const handle = await startInfluxd({ dataDir: dir, admin: admin! });
  ctx.stops.push(() => handle.stop());
  const addr = readInfluxdAddresses(await readFile(confPath, 'utf8'));
  const config = influxConfigFor(ctx, handle.url, admin);
  return { config, rpcAddress: addr.rpc, label: `managed InfluxDB ${addr.http} (started for the ${ctx.mode}; RPC ${addr.rpc}), database ${config.database}` };
}

/** Restoring under a running stack would pull the data out from under its writers. */
function refuseLiveRestore(ctx: Ctx, what: string): void {
  if (ctx.mode !== 'restore') return;
  throw new PantauError('RESTORE_TARGET', `${what} is running: stop npm start first (the restore starts the managed databases by itself)`);
}

async function postgresTarget(ctx: Ctx): Promise<PostgresTarget> {
  const external = ctx.env.DATABASE_URL;
  if (external) {
    const url = new URL(external);
    if (url.password) ctx.secrets.push(decodeURIComponent(url.password));
    return { url: external, label: `PostgreSQL ${url.host}${url.pathname}` };
  }
  const dir = path.join(ctx.dataDir, 'postgres');
  const running = await runningManagedPostgres(dir);
  if (running) {
    refuseLiveRestore(ctx, `the managed PostgreSQL (127.0.0.1:${running.port})`);
    ctx.secrets.push(running.password);
    return { url: running.url, label: `managed PostgreSQL 127.0.0.1:${running.port} (running), database ${POSTGRES_DATABASE}` };
  }
  if (ctx.mode === 'backup' && !existsSync(path.join(dir, 'pgdata', 'PG_VERSION'))) {
    throw new PantauError('BACKUP_SOURCE', `no managed PostgreSQL cluster in ${dir}: nothing to back up (set DATABASE_URL for an external server)`);
  }
  ctx.log(`starting the managed PostgreSQL in ${dir} for the ${ctx.mode} …`);
  const handle = await startPostgres({ dataDir: dir });
  ctx.stops.push(() => handle.stop());
  ctx.secrets.push(new URL(handle.url).password);
  return { url: handle.url, label: `managed PostgreSQL 127.0.0.1:${handle.port} (started for the ${ctx.mode}), database ${POSTGRES_DATABASE}` };
}

/**
 * The managed server `npm start` runs: its port is line 4 of postmaster.pid, its password in
 * credentials.json. A stale pid file (after a crash) answers nothing and counts as not running.
 */
async function runningManagedPostgres(dir: string): Promise<{ url: string; port: number; password: string } | null> {
  let port: number;
  let password: string;
  try {
    port = Number((await readFile(path.join(dir, 'pgdata', 'postmaster.pid'), 'utf8')).split('\n')[3]);
    password = (JSON.parse(await readFile(path.join(dir, 'credentials.json'), 'utf8')) as { password: string }).password;
  } catch {
    return null;
  }
  if (!Number.isInteger(port) || port <= 0 || typeof password !== 'string') return null;
  const url = `postgres://${POSTGRES_ADMIN_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${POSTGRES_DATABASE}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  const answers = await client.connect().then(() => true, () => false);
  await client.end().catch(() => undefined);
  return answers ? { url, port, password } : null;
}
