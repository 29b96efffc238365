import { existsSync } from 'node:fs';
import path from 'node:path';
import { PantauError } from '../../src/lib/core/errors';
import { buildOutputPath, ensureBuild } from './build';
import { INGEST_NODE_FLAGS } from '../../ingest/node-flags';
import { startEmbeddedBroker } from './embedded-broker';
import { ensureLocalBrokerCredentials, mqttEnv, writeMosquittoAuth, type LocalBrokerCredentials } from './broker-auth';
import { ensureDemoUsers } from '../../src/lib/server/auth/demo-users';
import { httpStatus, pickPort } from './free-port';
import { ensureInfluxAdminFile, startInfluxd, type InfluxdHandle } from './influxd';
import type { StartConfig } from './start-config';
import { DEFAULT_MQTT_PORT, DEFAULT_WEB_PORT } from './start-config';
import { startMosquitto } from './mosquitto';
import { startPostgres, type PostgresHandle } from './postgres';
import { superviseChild, type SupervisedChild } from './supervise';
import { ensurePeopleDeliveryEnv } from './people-delivery';

/** The three Pantau processes, as scripts relative to the root (overridable to test the supervisor). */
export interface StackEntries {
  ingest: string;
  web: string;
  simulators: string;
  notify?: string;
  /** The replay frames job (`scripts/rollups.ts --follow`): city replays read packed frames instead of every series. */
  frames?: string;
}

export const DEFAULT_ENTRIES: StackEntries = {
  ingest: 'ingest/main.ts',
  web: 'scripts/web.ts',
  simulators: 'simulators/main.ts',
  notify: 'ingest/notify/main.ts',
  frames: 'scripts/rollups.ts'
};

export interface StackOptions {
  root: string;
  config: StartConfig;
  entries?: StackEntries;
  /** Run `vite build` first when the build is stale (false for stand-in tests). */
  build?: boolean;
  log?: (line: string) => void;
  /** Aborting during startup stops what has started (gracefully) and rejects with START_ABORTED. */
  signal?: AbortSignal;
  /**
   * Runs once InfluxDB is up, before ingest and the simulators start (the web starts meanwhile):
   * npm start's history backfill, so the ingest warms its river forecaster from it. Must not throw.
   */
  beforeIngest?: (influxUrl: string) => Promise<void>;
}

export interface RunningStack {
  webUrl: string;
  mqttUrl: string;
  influxUrl: string;
  children: SupervisedChild[];
  /** Resolves once the web answers HTTP 200 on `/`. */
  webReady: Promise<void>;
  /** Stop in order: simulators, ingest (it flushes on SIGTERM), web, influxd, broker. */
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<RunningStack> {
  const { root, config } = opts;
  const log = opts.log ?? ((line: string) => console.log(`[start] ${line}`));
  const entries = opts.entries ?? DEFAULT_ENTRIES;
  let broker: LocalBroker | null = null;
  let influxd: InfluxdHandle | null = null;
  let postgres: PostgresHandle | null = null;
  const children: SupervisedChild[] = [];
  const stopServices = async () => {
    await influxd?.stop();
    await postgres?.stop();
    await broker?.close();
  };
  const checkAborted = () => {
    if (opts.signal?.aborted) throw new PantauError('START_ABORTED', 'stopped during startup');
  };
  try {
    let mqttUrl = config.mqttUrl;
    // Our own broker admits only our own processes, each with its generated credential and ACL.
    const mqttUsers = mqttUrl ? null : ensureLocalBrokerCredentials(config.dataDir);
    if (!mqttUrl) {
      broker = await startLocalBroker(config, mqttUsers!, log);
      mqttUrl = broker.url;
    }
    const credentialsFor = (role: 'ingest' | 'web' | 'notify' | 'simulator'): NodeJS.ProcessEnv => (mqttUsers ? mqttEnv(mqttUsers[role]) : {});
    let influxUrl = config.influxUrl;
    let influxAuth: NodeJS.ProcessEnv = {};
    if (!influxUrl) {
      const dataDir = path.join(config.dataDir, 'influxdb');
      const admin = await ensureInfluxAdminFile(dataDir);
      influxd = await startInfluxd({ dataDir, admin, onLine: (l) => console.log(`[influxd] ${l}`) });
      influxUrl = influxd.url;
      influxAuth = { INFLUX_USERNAME: admin.username, INFLUX_PASSWORD: admin.password };
      // This process's own InfluxDB clients (the history backfill) read the same variables.
      Object.assign(process.env, influxAuth);
      // Printed without its scheme: the first http:// URL in npm start's output is the one to open.
      log(`managed InfluxDB on ${influxUrl.replace(/^https?:\/\//, '')} (data in ${influxd.dataDir}; authentication on, credentials in ${admin.file})`);
    }
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      postgres = await startManagedPostgres(config.dataDir, log);
      databaseUrl = postgres?.url;
    }
    checkAborted();
    if (opts.build !== false && !(await ensureBuild(root, log, opts.signal))) {
      checkAborted();
      // While the sources are mid-edit, the last good build still gives a running command center.
      if (!existsSync(buildOutputPath(root))) throw new PantauError('BUILD_FAILED', 'the web app does not build; see the output above');
      log('the build failed: serving the previous build (build/handler.js) until it is fixed');
    }
    checkAborted();
    const webPort = config.webPort ?? (await pickPort(DEFAULT_WEB_PORT));
    const env: NodeJS.ProcessEnv = { ...process.env, MQTT_URL: mqttUrl, INFLUX_URL: influxUrl, INFLUX_DB: config.influxDb, ...influxAuth };
    // With a database, people are messaged about alerts: web and notifier share the link secret and push keys.
    if (databaseUrl) Object.assign(env, { DATABASE_URL: databaseUrl }, ensurePeopleDeliveryEnv(config.dataDir));
    // aedes speaks MQTT 3.1.1 only: clients that default to MQTT 5 step down.
    if (broker?.protocolVersion === 4) env.MQTT_PROTOCOL_VERSION = '4';
    const spawnEntry = (name: string, script: string, extraEnv: NodeJS.ProcessEnv = {}, nodeFlags: readonly string[] = [], scriptArgs: readonly string[] = []) => {
      if (!existsSync(path.resolve(root, script))) {
        log(`${script} does not exist: not starting ${name}`);
        return;
      }
      const spec = { name, command: process.execPath, args: [...nodeFlags, '--import', 'tsx', script, ...scriptArgs], cwd: root, env: { ...env, ...extraEnv } };
      children.push(superviseChild(spec, log));
    };
    // The notifier runs when there is somewhere to deliver to: webhooks, or people (the directory in the database).
    const runsNotifier = Boolean((process.env.PANTAU_WEBHOOKS || databaseUrl) && entries.notify);
    // The web shows paging or data intake as down when a process it was told about does not report (PANTAU_EXPECT_PROCESSES).
    const expected = [existsSync(path.resolve(root, entries.ingest)) ? 'ingest' : '', runsNotifier ? 'notify' : ''].filter(Boolean).join(',');
    const expectEnv = { PANTAU_EXPECT_PROCESSES: process.env.PANTAU_EXPECT_PROCESSES ?? expected };
    // people's actions InfluxDB has not taken yet survive a restart of the web (action-outbox.ts)
    const webData = { PANTAU_WEB_DATA_DIR: process.env.PANTAU_WEB_DATA_DIR ?? path.join(config.dataDir, 'web') };
    spawnEntry('web', entries.web, { PORT: String(webPort), HOST: config.webHost, ...expectEnv, ...webData, ...(await webAuthEnv(config, webPort, log)), ...credentialsFor('web') });
    await opts.beforeIngest?.(influxUrl);
    checkAborted();
    // With a registry, the ingest starts from the catalog the web publishes on MQTT (the file as fallback).
    const catalogSource = databaseUrl ? { INGEST_CATALOG_SOURCE: process.env.INGEST_CATALOG_SOURCE ?? 'registry' } : {};
    spawnEntry('ingest', entries.ingest, { INGEST_WAL_DIR: process.env.INGEST_WAL_DIR ?? path.join(config.dataDir, 'ingest-wal'), ...catalogSource, ...credentialsFor('ingest') }, INGEST_NODE_FLAGS);
    if (runsNotifier && entries.notify) {
      const publicUrl = process.env.PANTAU_PUBLIC_URL || `http://127.0.0.1:${webPort}`;
      spawnEntry('notify', entries.notify, { NOTIFY_JOURNAL_DIR: process.env.NOTIFY_JOURNAL_DIR ?? path.join(config.dataDir, 'notify-journal'), PANTAU_PUBLIC_URL: publicUrl, ...credentialsFor('notify') });
    }
    // Without it a city replay still works, read per sensor (slower at thousands of sensors).
    if (entries.frames && process.env.INFLUX_ROLLUPS?.trim().toLowerCase() !== 'off') spawnEntry('frames', entries.frames, {}, [], ['--follow']);
    if (config.simulate) spawnEntry('simulators', entries.simulators, credentialsFor('simulator'));
    else log('PANTAU_SIMULATE=0: simulators not started');

    const webUrl = `http://127.0.0.1:${webPort}/`;
    let stopped = false;
    const stop = async () => {
      stopped = true;
      for (const name of ['simulators', 'frames', 'ingest', 'notify', 'web']) await children.find((c) => c.name === name)?.stop();
      await stopServices();
    };
    const webReady = waitForWeb(webUrl, () => stopped);
    return { webUrl, mqttUrl, influxUrl, children, webReady, stop };
  } catch (err) {
    await Promise.all(children.map((c) => c.stop()));
    await stopServices();
    throw err;
  }
}

/**
 * The sensor registry's database. Not starting it costs the registry (the web serves the catalog file,
 * read-only), not the command center: the failure is logged and the rest starts.
 */
async function startManagedPostgres(dataDir: string, log: (line: string) => void): Promise<PostgresHandle | null> {
  const dir = path.join(dataDir, 'postgres');
  try {
    const pg = await startPostgres({ dataDir: dir, onLine: (l) => console.log(`[postgres] ${l}`) });
    log(`managed PostgreSQL on 127.0.0.1:${pg.port} (data in ${dir}; credentials in ${path.join(dir, 'credentials.json')})`);
    return pg;
  } catch (err) {
    log(`PostgreSQL did not start (sensor registry read-only from the catalog file): ${(err as Error).message.slice(0, 400)}`);
    return null;
  }
}

/**
 * Who may log in: the operator's PANTAU_USERS when set; otherwise demo users with random passwords,
 * kept owner-only under the data dir (the console shows the file, never a password), so a new user
 * can act on alerts without any setup.
 * PANTAU_PUBLIC_URL gives the CAP feed absolute links on plain http (adapter-node assumes https).
 */
async function webAuthEnv(config: StartConfig, webPort: number, log: (line: string) => void): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {};
  if (!process.env.PANTAU_PUBLIC_URL) env.PANTAU_PUBLIC_URL = `http://127.0.0.1:${webPort}`;
  if (process.env.PANTAU_USERS) return env;
  const demo = await ensureDemoUsers(config.dataDir);
  for (const line of demo.printable.split('\n')) log(line);
  return { ...env, PANTAU_USERS: demo.usersFile, PANTAU_SESSION_SECRET: demo.sessionSecret, PANTAU_KIOSK_TOKENS: demo.kioskToken };
}

/** Poll the web until it answers 200; the supervisor restarts it meanwhile if it crashes. */
async function waitForWeb(url: string, cancelled: () => boolean): Promise<void> {
  while (!cancelled()) {
    if ((await httpStatus(url)) === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface LocalBroker {
  url: string;
  protocolVersion: 4 | 5;
  close(): Promise<void>;
}

/**
 * The zero-setup default is aedes inside this process (MQTT 3.1.1; ingest then uses a 3.1.1
 * persistent session). PANTAU_BROKER=mosquitto runs a managed Mosquitto with MQTT 5 instead.
 */
export async function startLocalBroker(config: StartConfig, users: LocalBrokerCredentials, log: (line: string) => void): Promise<LocalBroker> {
  const port = config.mqttPort ?? (await pickPort(DEFAULT_MQTT_PORT));
  const where = `users and ACL: credentials in ${users.file}`;
  if (config.broker === 'mosquitto') {
    const dataDir = path.join(config.dataDir, 'mosquitto');
    const extraConfig = writeMosquittoAuth(path.join(config.dataDir, 'mqtt', 'mosquitto'), users.all);
    const m = await startMosquitto({ dataDir, port, extraConfig, onLine: (l) => console.log(`[mosquitto] ${l}`) });
    log(`managed Mosquitto on ${m.url} (data in ${dataDir}; ${where})`);
    return { url: m.url, protocolVersion: 5, close: () => m.stop() };
  }
  const b = await startEmbeddedBroker(port, users.all);
  log(`embedded MQTT broker (aedes) on ${b.url} (${where})`);
  return { ...b, protocolVersion: 4 };
}
