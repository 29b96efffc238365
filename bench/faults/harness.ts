/**
 * One private stack per fault scenario (InfluxDB, Mosquitto, ingest, all on free loopback ports with
 * temp dirs), so killing a piece disturbs nobody else. Shared by tests/integration/faults-*.test.ts
 * and bench/faults.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startInfluxd, type InfluxdHandle } from '../../scripts/lib/influxd';
import { startMosquitto, type MosquittoHandle } from '../../scripts/lib/mosquitto';
import { ALERT_EVENTS, createDatabase, influxQuery } from '../../tests/helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../../tests/helpers/processes';
import { sleep } from '../../tests/helpers/wait';

export interface FaultStack {
  influx: InfluxdHandle;
  mosquitto: MosquittoHandle;
  db: string;
  walDir: string;
  clientId: string;
  /** The running ingest (replaced by restartIngest). */
  ingest(): SpawnedProcess;
  startIngest(): Promise<SpawnedProcess>;
  /** Readings stored so far (COUNT over the flood measurement from t0). */
  countStored(t0: number): Promise<number>;
  /** Alert-event points stored (they share InfluxDB's write counter with the readings). */
  countAlertLines(): Promise<number>;
  /** Sum of the httpd pointsWrittenOK counters of every InfluxDB lifetime (to see rewrites). */
  pointsWritten(): Promise<number>;
  /** SIGKILL InfluxDB, keeping its write counter. */
  killInflux(): Promise<void>;
  /** Logs of every ingest run so far, for failure messages. */
  ingestLogs(): string;
  stop(): Promise<void>;
}

export interface FaultStackOptions {
  name: string;
  /** Extra environment for the ingest (e.g. a small INGEST_RETRY_MAX_MS). */
  ingestEnv?: Record<string, string>;
}

export async function startFaultStack(opts: FaultStackOptions): Promise<FaultStack> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), `pantau-faults-${opts.name}-`));
  const influx = await startInfluxd({ dataDir: path.join(tmp, 'influxdb') });
  const mosquitto = await startMosquitto({ dataDir: path.join(tmp, 'mosquitto') }).catch(async (err) => {
    await influx.kill();
    throw err;
  });
  const db = `faults_${opts.name.replace(/\W/g, '_')}_${process.pid}`;
  await createDatabase(influx.url, db);
  const walDir = path.join(tmp, 'wal');
  const clientId = `ingest-faults-${opts.name}-${process.pid}`;
  let current: SpawnedProcess | null = null;
  const pastLogs: string[] = [];
  let writtenBefore = 0;

  async function startIngest(): Promise<SpawnedProcess> {
    if (current) pastLogs.push(current.logs());
    current = await spawnProcess({
      name: 'ingest',
      args: ['ingest/main.ts'],
      env: {
        MQTT_URL: mosquitto.url,
        INFLUX_URL: influx.url,
        INFLUX_DB: db,
        INGEST_CLIENT_ID: clientId,
        INGEST_WAL_DIR: walDir,
        INGEST_MAX_SENSOR_RATE: '100000',
        INGEST_FLUSH_MS: '100',
        INGEST_RETRY_MAX_MS: '1000',
        ...opts.ingestEnv
      },
      readyLine: /connected to/,
      timeoutMs: 40_000,
      maxLogLines: 400
    });
    return current;
  }

  async function httpdWritten(): Promise<number> {
    const rows = await influxQuery(influx.url, '', 'SHOW STATS FOR \'httpd\'');
    return Number(rows[0]?.pointsWrittenOK ?? 0);
  }

  return {
    influx,
    mosquitto,
    db,
    walDir,
    clientId,
    ingest: () => {
      if (!current) throw new Error('ingest not started');
      return current;
    },
    startIngest,
    async countStored(t0) {
      const rows = await influxQuery(influx.url, db, `SELECT COUNT(water_level) FROM flood WHERE time >= ${t0}ms`);
      return Number(rows[0]?.count ?? 0);
    },
    async countAlertLines() {
      const rows = await influxQuery(influx.url, db, `SELECT COUNT(alert_id) FROM ${ALERT_EVENTS}`);
      return Number(rows[0]?.count ?? 0);
    },
    async pointsWritten() {
      return writtenBefore + (await httpdWritten());
    },
    async killInflux() {
      writtenBefore += await httpdWritten().catch(() => 0);
      await influx.kill();
    },
    ingestLogs: () => [...pastLogs, current?.logs() ?? ''].join('\n----- ingest restarted -----\n'),
    async stop() {
      await current?.stop();
      await Promise.all([influx.stop(), mosquitto.stop()]);
      await rm(tmp, { recursive: true, force: true });
    }
  };
}

/** Polls until `check` is true; returns when it happened (ms since epoch). */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 50): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return Date.now();
    } catch {
      // a service that is down answers with errors: keep polling
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
