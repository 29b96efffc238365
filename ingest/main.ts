/**
 * The ingest process: reads its config, wires MQTT → pipeline → journal → InfluxDB, runs the timers,
 * and on SIGTERM/SIGINT stops taking messages, ships what it can within the grace period, keeps the
 * rest in the journal for the next start, and exits 0.
 */
import { setLogger } from '@influxdata/influxdb-client';
import type { Alert, AlertEvent } from '../src/lib/core/alert';
import { SYSTEM_ACTOR, adoptAlerts, createIngest } from './app';
import { createRestoreHold } from './restore-hold';
import { loadIngestConfig, readCatalogFile, type IngestConfig } from './config';
import { createDetectionEngine, type DetectionEngine } from './detect/engine';
import { loadCatalog } from './catalog';
import { watchRegistryCatalog } from './registry-catalog';
import { createLiveCatalog, type LiveCatalog } from './catalog-live';
import type { Catalog } from '../src/lib/core/sensor';
import { createMqttSource } from './sources/mqtt';
import { readOpenAlerts } from './sinks/influx-read';
import { setupInflux } from '../src/lib/influx/setup';
import { openDurableLog } from './durable';
import { createPartition, linkedGroups, ownedCatalog } from './partition';
import { influxWarmupQuery, warmForecasterAtStart } from './forecast-warmup';
import { keepTrackRecords, readTrackRecords, RECORD_SAVE_MS } from './forecast-records';
import { Registry } from 'prom-client';
import { addProcessMetrics } from '../src/lib/metrics/observed';
import { startMetricsServer } from '../src/lib/metrics/http';
import { createIngestMetrics, startingStats } from './metrics';
import { createJournalLag } from './journal-lag';
import { handoverFile } from './handover-file';
import { statusTopic } from '../src/lib/core/process-status';
import { statusMessage, statusWill } from './status-topic';
import { redactUrl } from '../src/lib/core/redact-url';

/** How often the ingest logs its counters and republishes its retained status. */
const STATS_INTERVAL_MS = 10_000;

const log = (message: string) => console.log(`[ingest] ${new Date().toISOString()} ${message}`);

// The sink reports failed writes itself, once per outage; the client would print each retry with a stack.
setLogger({
  error: (message, err) => !message.startsWith('Write to InfluxDB failed') && log(`influxdb-client: ${message} ${err?.message ?? ''}`),
  warn: (message, err) => log(`influxdb-client: ${message} ${err?.message ?? ''}`)
});

async function main(): Promise<void> {
  const config = loadIngestConfig();
  // Versions published while the ingest starts wait here (the newest) until the pipeline runs.
  let live: LiveCatalog | null = null;
  let waiting: { version: number; catalog: Catalog } | null = null;
  const fromRegistry = await catalogFromRegistry(config, (next) => {
    if (live) live.offer(next.version, next.catalog, Date.now());
    else waiting = next;
  });
  const catalog = fromRegistry?.catalog ?? loadCatalog(readCatalogFile(config.catalogPath));
  const districts = new Map(catalog.sensors.map((s) => [s.id, s.district]));
  // With INGEST_WORKERS > 1 this worker keeps detector state only for the sensors it owns.
  const partition = createPartition({ workers: config.workers, index: config.workerIndex, groups: linkedGroups(catalog) });
  const owned = ownedCatalog(catalog, partition);
  const engine = createDetectionEngine({ catalog: owned });
  const registry = new Registry();
  addProcessMetrics(registry);
  // Served from the start: while alerts are restored (InfluxDB away) the journal and sink already count.
  const lag = createJournalLag({ appended: () => durable.appendedLines(), pending: () => sink.stats().pendingLines });
  setInterval(lag.sample, 1000).unref();
  const metrics = createIngestMetrics(registry, {
    stats: () => ingest?.stats() ?? startingStats(sink.stats()),
    journalMaxBytes: config.walMaxBytes,
    lagSeconds: lag.seconds
  });
  // The durable log: journal + shipper to InfluxDB (ingest/durable/README.md). What the journal holds
  // from an earlier run ships first.
  const durable = openDurableLog({
    journal: { dir: config.walDir, segmentMaxBytes: config.walSegmentBytes, fsync: config.walFsync, checkpointEveryMs: config.walCheckpointMs },
    influx: config.influx,
    batchSize: config.batchSize,
    writeConcurrency: config.writeConcurrency,
    syncDelayMs: config.ackBatchMs,
    flushIntervalMs: config.flushIntervalMs,
    maxJournalBytes: config.walMaxBytes,
    retryMaxMs: config.retryMaxMs,
    districtOf: (id) => districts.get(id) ?? 'unknown',
    log,
    onWrite: metrics.observeWrite
  });
  const sink = durable.log;
  log(`journal ${config.walDir}: ${durable.replay.pendingBytes} bytes to replay in ${durable.replay.segments} segments${config.walFsync ? ' (fsync on)' : ''}`);
  let source: ReturnType<typeof createMqttSource> | null = null;
  let ingest: ReturnType<typeof createIngest> | null = null;
  if (config.metrics) {
    await startMetricsServer({ registry, listen: config.metrics, log, health: () => ({ ok: true, takingMessages: ingest !== null, influx: sink.stats().connected }) });
  }
  const timers: NodeJS.Timeout[] = [];
  const ownStatus = statusTopic('ingest', config.mqttClientId);
  const ownPart = { workers: config.workers, index: config.workerIndex };
  // Signals are handled from here on: a SIGTERM while alerts are restored still exits 0 in order.
  let stopping = false;
  let records: ReturnType<typeof keepTrackRecords> | null = null;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping; shipping ${sink.stats().pendingBytes} journal bytes (grace ${config.shutdownGraceMs} ms)`);
    for (const t of timers) clearInterval(t);
    if (!ingest) {
      // Still restoring alerts: nothing taken from the broker yet; the journal keeps what it holds.
      await sink.close(config.shutdownGraceMs);
      process.exit(0);
    }
    ingest.flushLive();
    records?.atStop(Date.now());
    // A clean stop replaces the Last Will (the graceful end sends it before the DISCONNECT).
    if (source?.client.connected) source.client.publish(ownStatus, statusMessage('stopped', STATS_INTERVAL_MS, Date.now(), ingest.stats(), ownPart), { qos: 1, retain: true });
    await source?.close();
    await sink.close(config.shutdownGraceMs);
    const left = sink.stats().pendingBytes;
    log(`stopped; stored ${sink.stats().storedLines} lines${left > 0 ? `; ${left} bytes stay in the journal for the next start` : ''}`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  const restore = await restoreOpenAlerts(config, engine, catalog);
  if (stopping) return;
  // Before the first live reading: the forecaster takes history only while nothing newer has come.
  const gauges = owned.sensors.filter((s) => s.kind === 'flood').map((s) => ({ id: s.id, intervalS: s.intervalS }));
  const recordsRead = await warmForecasterAtStart({ influx: config.influx, hours: config.forecastWarmupHours, gauges, engine, log });
  const readRecords = (ids: readonly string[], now: number) => readTrackRecords({ gauges: ids, query: influxWarmupQuery(config.influx), now });
  records = keepTrackRecords({ engine, sink, read: readRecords, sought: recordsRead ? gauges.map((g) => g.id) : [], log });
  if (stopping) return;

  const app = createIngest({
    catalog,
    partition,
    // Next to the journal: a worker restarted under a newer version still stores its moved sensors' backlog.
    handoverStore: handoverFile(config.walDir, log),
    restoreHold: restore.late ? createRestoreHold() : undefined,
    limits: config.limits,
    maxSensorRatePerS: config.maxSensorRatePerS,
    sink,
    engine,
    publish: (topic, payload, qos) => source?.client.publish(topic, payload, { qos }),
    now: Date.now,
    log
  });
  source = createMqttSource({
    url: config.mqttUrl,
    username: config.mqttUsername,
    password: config.mqttPassword,
    clientId: config.mqttClientId,
    protocolVersion: config.mqttProtocolVersion,
    shareGroup: config.shareGroup,
    onReading: app.onMessage,
    onAlertEvent: app.onAlertEvent,
    // PUBACKs leave once the log's group commit made the turn's lines durable: source → log, not via the app.
    beforeAck: sink.sync,
    ackBatchMs: config.ackBatchMs,
    will: statusWill('ingest', config.mqttClientId, STATS_INTERVAL_MS, ownPart),
    onConnect: () => source?.client.publish(ownStatus, statusMessage('online', STATS_INTERVAL_MS, Date.now(), app.stats(), ownPart), { qos: 1, retain: true }),
    log
  });
  ingest = app;
  app.emitAlertEvents(restore.folded);
  void restore.late?.then((alerts) => {
    const folded = app.adoptRestored(alerts);
    const merged = folded.filter((e) => e.type === 'resolved').length;
    log(`${alerts.length} open alerts read late from InfluxDB; ${engine.openAlerts().length} open now${merged > 0 ? `; ${merged} raised again meanwhile merged into them` : ''}`);
  });
  live = createLiveCatalog({
    catalog,
    version: fromRegistry?.version ?? -1,
    workers: config.workers,
    workerIndex: config.workerIndex,
    engine,
    log,
    onApplied(next) {
      app.applyCatalog(next);
      districts.clear();
      for (const s of next.catalog.sensors) districts.set(s.id, s.district);
    }
  });
  // Set by the watch's callback meanwhile (TypeScript does not follow assignments in callbacks).
  const early = waiting as { version: number; catalog: Catalog } | null;
  if (early) live.offer(early.version, early.catalog, Date.now());
  timers.push(
    setInterval(app.flushLive, config.liveIntervalMs),
    setInterval(app.tick, config.tickIntervalMs),
    setInterval(() => void records?.hourly(Date.now()), RECORD_SAVE_MS),
    setInterval(() => {
      const s = app.stats();
      const p = source?.packets();
      const wire = p ? ` (connection: ${p.publishesIn} publishes in, ${p.pubacksOut} PUBACKs out)` : '';
      log(`received ${s.received} stored ${s.sink.storedLines} pending ${s.sink.pendingBytes} B journal ${s.sink.journalBytes} B rejected ${s.rejected} alerts ${s.alertEvents}${wire}`);
      if (source?.client.connected) source.client.publish(ownStatus, statusMessage('online', STATS_INTERVAL_MS, Date.now(), s, ownPart), { qos: 0, retain: true });
    }, STATS_INTERVAL_MS)
  );

  log(`ready; subscribing as ${config.mqttClientId} to ${redactUrl(config.mqttUrl)} (actor ${SYSTEM_ACTOR})`);
}

/**
 * The registry's catalog when configured and published in time; null: the catalog file. The watch
 * stays open: later versions go to onNewer (applied live), also when the start used the file.
 */
async function catalogFromRegistry(config: IngestConfig, onNewer: (next: { version: number; catalog: Catalog }) => void) {
  if (config.catalogSource !== 'registry') return null;
  const watch = watchRegistryCatalog({
    url: config.mqttUrl,
    username: config.mqttUsername,
    password: config.mqttPassword,
    protocolVersion: config.mqttProtocolVersion,
    log,
    onNewer
  });
  const got = await watch.first;
  log(got ? `catalog from the sensor registry v${got.version}: ${got.catalog.sensors.length} sensors` : 'no registry catalog on MQTT in time: using the catalog file');
  return got ?? null;
}

/** How long the start waits for the open alerts before it takes readings without them. */
const RESTORE_WAIT_MS = 15_000;

/**
 * Restores open alerts before taking readings, so a restart does not raise them twice; but an
 * InfluxDB that is down must not keep ingest from running (readings wait in the journal meanwhile).
 * Past RESTORE_WAIT_MS the read goes on in the background (`late`: the app adopts what it finds, and
 * holds people's actions on alerts it does not know till then); an alert raised again meanwhile is
 * folded into the one read back (detect/alert-fold.ts). `folded`: events of a restore in time that
 * met two open alerts of one sensor and rule (an earlier restart left them), to publish.
 */
async function restoreOpenAlerts(config: IngestConfig, engine: DetectionEngine, catalog: Catalog): Promise<{ folded: AlertEvent[]; late: Promise<Alert[]> | null }> {
  const reading = readOpenAlertsPatiently(config);
  const restored = await Promise.race([reading, new Promise<null>((resolve) => setTimeout(() => resolve(null), RESTORE_WAIT_MS))]);
  if (restored) {
    const ids = new Set(catalog.sensors.map((s) => s.id));
    const folded = adoptAlerts(engine, restored, (id) => ids.has(id));
    log(`catalog ${catalog.sensors.length} sensors; ${engine.openAlerts().length} open alerts restored`);
    return { folded, late: null };
  }
  log(`catalog ${catalog.sensors.length} sensors; no alert history within ${RESTORE_WAIT_MS / 1000} s: starting with no open alerts, adopting them when InfluxDB answers`);
  return { folded: [], late: reading };
}

/** The open alerts (sinks/influx-read.ts), retried until InfluxDB answers: the start waits for them only so long. */
async function readOpenAlertsPatiently(config: IngestConfig): Promise<Alert[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureDatabase(config);
      const onLookbackError = (err: Error) => log(`alerts open for over a week not read (${err.message}); restoring the last week's`);
      return await readOpenAlerts(config.influx, { onLookbackError });
    } catch (err) {
      if (attempt % 10 === 0) log(`could not read alert history (${(err as Error).message}); retrying`);
      await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** attempt)));
    }
  }
}

async function ensureDatabase(config: IngestConfig): Promise<void> {
  if (config.influx.api !== 'v1') return;
  for (let attempt = 0; ; attempt++) {
    try {
      const setup = await setupInflux(config.influx);
      // An upgrade's one-time copy of the alert history into its own policy (docs/retention.md): worth a line.
      if (setup.eventsCopied > 0) log(`copied ${setup.eventsCopied} alert events from the default retention policy into "${config.influx.retention.eventsPolicy}"`);
      if (setup.auditCopied > 0) log(`copied ${setup.auditCopied} audit entries from the default retention policy into "${config.influx.retention.eventsPolicy}"`);
      return;
    } catch (err) {
      if (attempt % 10 === 0) log(`waiting for InfluxDB at ${redactUrl(config.influx.url)}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

main().catch((err) => {
  console.error(`[ingest] fatal: ${err?.code ?? 'INGEST_FATAL'}: ${err?.message ?? err}`);
  process.exit(1);
});
