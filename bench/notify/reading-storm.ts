/**
 * bench:notify's default storm: sensor readings on MQTT (QoS 1) through the real ingest process, with
 * a catalog of flood gauges over the seeded people's districts (storm-plan.ts). Every reading's
 * publish time is kept by `<sensorId>:<ts>`; the ingest raises an alert with id
 * `<sensorId>:<rule>:<raisedAt>`, raisedAt the raising reading's ts, so each alert event seen on
 * `pantau/v1/alerts/events` is traced back to the reading that raised it.
 */
import path from 'node:path';
import mqtt from 'mqtt';
import type { AlertEvent } from '../../src/lib/core/alert';
import { sensorTopic, TOPICS } from '../../src/lib/core/topic';
import { INGEST_NODE_FLAGS } from '../../ingest/node-flags';
import { writeCatalog } from '../lib/readings';
import { sleep, spawnTsx } from '../lib/proc';
import type { BenchStack } from '../lib/stack';
import type { AlertOrigin } from './report';
import { planStorm, waterLevelAt, type StormGauge } from './storm-plan';

export interface ReadingStormOptions {
  gauges: number;
  criticalEvery: number;
  intervalS: number;
  stormMs: number;
  db: string;
  log(m: string): void;
}

/** Readings at the baseline before the storm: the gauges' usual step is learned, nothing is pending. */
const WARMUP_READINGS = 2;
/** After the last crossing: the alert policy's minute for Siaga 3, two readings more, and a margin. */
const HOLD_AFTER_MS = 60_000;
const SCHEDULER_MS = 50;

export interface ReadingStorm {
  origins: Map<string, AlertOrigin>;
  status(): string;
  /**
   * Publishes the storm; resolves once the last gauge has crossed and held long enough to raise.
   * The gauges keep reporting (at their storm level) until stop(): a gauge gone quiet would raise
   * sensor_silent, and a river does not stop at the end of a benchmark.
   */
  run(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReadingStorm(stack: BenchStack, o: ReadingStormOptions): Promise<ReadingStorm> {
  const plan = planStorm({ count: o.gauges, criticalEvery: o.criticalEvery, intervalS: o.intervalS, stormMs: o.stormMs });
  const catalogFile = writeCatalog(plan.catalog, path.join(stack.dir, 'storm-catalog.json'));
  const ingest = await spawnTsx({
    name: 'ingest',
    script: 'ingest/main.ts',
    nodeArgs: [...INGEST_NODE_FLAGS],
    readyLine: /connected to/,
    onLine: (line) => {
      if (/failed|error|refused/i.test(line)) o.log(`[ingest] ${line}`);
    },
    env: {
      MQTT_URL: stack.mqtt.url, INFLUX_URL: stack.influx.url, INFLUX_DB: o.db, PANTAU_CATALOG: catalogFile,
      INGEST_WAL_DIR: path.join(stack.dir, 'ingest-wal'), INGEST_CLIENT_ID: 'bench-notify-ingest', INGEST_METRICS_PORT: 'off',
      INGEST_FORECAST_WARMUP_HOURS: '0'
    }
  });
  const readings = new Map<string, number>();
  const crossedAt = new Map<string, number>();
  const origins = new Map<string, AlertOrigin>();
  const events = await mqtt.connectAsync(stack.mqtt.url, { clientId: 'bench-notify-events' });
  events.on('message', (_t, payload) => {
    const e = JSON.parse(payload.toString()) as AlertEvent;
    if (e.type !== 'raised' || origins.has(e.alert.id)) return;
    const a = e.alert;
    origins.set(a.id, { severity: a.severity, category: a.category, rule: a.rule, sensorId: a.sensorId, eventAt: Date.now(), readingAt: readings.get(`${a.sensorId}:${a.raisedAt}`), crossedAt: crossedAt.get(a.sensorId) });
  });
  await events.subscribeAsync(TOPICS.alertEvents, { qos: 1 });
  const publisher = await mqtt.connectAsync(stack.mqtt.url, { clientId: 'bench-notify-readings' });
  const intervalMs = o.intervalS * 1000;
  let published = 0;
  let stopped = false;

  function publish(g: StormGauge, sinceStartMs: number, k: number): void {
    const ts = Date.now();
    const level = waterLevelAt(g, sinceStartMs, k);
    readings.set(`${g.sensor.id}:${ts}`, ts);
    if (sinceStartMs >= g.crossAfterMs && !crossedAt.has(g.sensor.id)) crossedAt.set(g.sensor.id, ts);
    publisher.publish(sensorTopic('flood', g.sensor.id), JSON.stringify({ ts, values: { water_level: level, rainfall: 12 } }), { qos: 1 });
    published++;
  }

  let loop: Promise<void> = Promise.resolve();

  async function publishUntilStopped(t0: number, stormStart: number): Promise<void> {
    const next = plan.gauges.map((g) => t0 + g.phaseMs);
    const count = plan.gauges.map(() => 0);
    while (!stopped) {
      const now = Date.now();
      plan.gauges.forEach((g, i) => {
        if (now < next[i]) return;
        publish(g, now - stormStart, count[i]++);
        next[i] += intervalMs;
      });
      await sleep(SCHEDULER_MS);
    }
  }

  async function run(): Promise<void> {
    const t0 = Date.now();
    const stormStart = t0 + WARMUP_READINGS * intervalMs;
    const holdMs = HOLD_AFTER_MS + 2 * intervalMs;
    o.log(`publishing readings of ${plan.gauges.length} gauges every ${o.intervalS} s: ${WARMUP_READINGS} at the baseline, then crossings over ${o.stormMs / 1000} s, then ${holdMs / 1000} s for the last warnings to raise; they keep reporting until the end`);
    loop = publishUntilStopped(t0, stormStart);
    await sleep(stormStart + o.stormMs + holdMs - Date.now());
  }

  return {
    origins,
    status: () => `${published} readings published (${crossedAt.size}/${plan.gauges.length} gauges over their line)`,
    run,
    async stop() {
      stopped = true;
      await loop;
      await publisher.endAsync().catch(() => undefined);
      await events.endAsync(true).catch(() => undefined);
      await ingest.stop();
    }
  };
}
