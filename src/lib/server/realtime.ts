import type { Server as HttpServer } from 'node:http';
import type { Alert, AlertEvent } from '../core/alert';
import type { ActionResult, AlertAction, SequencedAlertEvent, SystemStatus } from '../core/events';
import type { Catalog, Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { indexSensors } from '../core/sensor';
import { isOpen } from '../core/alert';
import { TOPICS } from '../core/topic';
import { applyAlertAction } from '../core/alert-lifecycle';
import { isKnownStep } from './procedures';
import type { WebConfig } from './config';
import { loadCatalog } from './catalog';
import { createLiveState } from './live-state';
import { createAlertStore } from './alert-store';
import { auditSource, createInfluxClient, isRefusedWrite, seriesRows, setupInfluxAtStart, type InfluxClient } from './influx';
import { createMqttFeed } from './mqtt-feed';
import { createSocketHub } from './socket-hub';
import { createIdentify, type Identify } from './identity';
import { createAuthGate } from './auth/gate';
import { createAuditLog, type AuditSink } from './auth/audit';
import { createRedisAdapter } from './redis-adapter';
import { createSendThrottle } from './send-throttle';
import { clientAddress } from './client-address';
import { performAction as performActionAs, type ActionOptions } from './alert-actions';
import { applyLogoutRows, revocationsQuery, SYNC_MS } from './auth/revocation-sync';
import type { Identity } from './auth/gate';
import type { DeliveryRecord } from '../core/people';
import { createDeliveryStore } from './deliveries/store';
import { createRestore } from './realtime-restore';
import { createProcessBoard, type PipelineHealth } from './process-board';
import { createActionOutbox } from './action-outbox';
import { OUTBOX_FILE } from './outbox-file';
import { findRegistry } from './registry/handle';
import path from 'node:path';

/**
 * At most one `readings` broadcast per this many ms. Shorter than the ingest's live interval (50 ms by
 * default), so each ingest batch is forwarded at once instead of waiting for a mark: the wall's latency
 * budget (250 ms publish → browser) cannot hold a second coalescing stage. It still merges batches when
 * several ingest workers publish, and browsers merge per animation frame anyway.
 */
export const READINGS_FLUSH_MS = 40;
/** How often a slow client that skipped batches is checked for its catch-up when no readings arrive. */
const CATCH_UP_CHECK_MS = 250;
export const STATUS_INTERVAL_MS = 5_000;
/** Sensors outside the catalog tracked at most (catalog and ingest out of step); each is forgotten once quiet (unknown-sensors.ts). */
export const MAX_UNKNOWN_SENSORS = 500;
/** An action refused because the outbox is full (InfluxDB and the broker away for hours): nothing was taken. */
export const ACTION_BUSY = 'server busy, try again';

export interface RealtimeHubOptions {
  config: WebConfig;
  httpServer?: HttpServer;
  /** Defaults to the catalog file of config.catalogPath. */
  catalog?: Catalog;
  /** Defaults to the session / kiosk / anonymous rules of config.auth. */
  identify?: Identify;
  /** Defaults to the `audit` measurement in config.influx. */
  audit?: AuditSink;
  log?: (message: string) => void;
}

export interface HubStats {
  clients: number;
  /** `readings` batches broadcast. */
  readingBatches: number;
  /** Batches not sent to a client because its send queue was full. */
  skippedDeliveries: number;
  /** MQTT messages (or entries of a live batch) refused as junk. */
  droppedMessages: number;
  /** Alert events applied to the store and broadcast (from MQTT, catch-up or people's actions here). */
  alertEvents: number;
}

export interface RealtimeHub {
  readonly catalog: Catalog;
  readonly sensors: ReadonlyMap<string, Sensor>;
  readonly influx: InfluxClient;
  attach(httpServer: HttpServer): void;
  status(): SystemStatus;
  /** Counters since start, for health checks and tests. */
  stats(): HubStats;
  /** A person's alert action from HTTP (the Socket.IO path's twin): permission, action and audit as there. */
  actAs(identity: Identity, action: unknown, options?: ActionOptions): Promise<ActionResult>;
  /** `state=open`: open alerts; `all`: also those resolved, updated within `hours`. */
  listAlerts(state: 'open' | 'all', hours: number): Alert[];
  /** One alert as the store holds it (open, or resolved recently), for the acknowledge-link page. */
  alert(id: string): Alert | undefined;
  /** That alert after its newest stored copies are read back from InfluxDB and applied (realtime-restore.ts refreshAlert). */
  refreshAlert(id: string): Promise<Alert | undefined>;
  /** The alert store's last event seq: it moves whenever an alert changes (readers cache on it, e.g. the CAP feed). */
  lastEventSeq(): number;
  /** The alert's recent deliveries to people heard live (bounded; InfluxDB holds the rest). */
  deliveries(alertId: string): DeliveryRecord[];
  /** The latest reading of each sensor, as the wall holds it (the public page summarises these: no database read). */
  latestReadings(): LiveReading[];
  /** Pantau's own processes (notifier, ingest) as their retained status says, and per role whether it is down. */
  pipeline(): PipelineHealth;
  close(): Promise<void>;
}

/**
 * The command center's live side: MQTT in, Socket.IO out, alert actions through InfluxDB and MQTT.
 * Resolves once state is rebuilt from InfluxDB (or that failed and was logged: live data still flows).
 */
export async function createRealtimeHub(options: RealtimeHubOptions): Promise<RealtimeHub> {
  const { config } = options;
  const log = options.log ?? ((m: string) => console.log(`[realtime] ${m}`));
  const catalog = options.catalog ?? loadCatalog(config.catalogPath);
  const sensors = indexSensors(catalog);
  // The catalog as the endpoints serve it (context.ts): the registry's once open, so a sensor added there is a catalog
  // sensor here at once (not one of the slots outside it) and the start's rebuild reads its last reading back; one it
  // removes leaves the live state at the registry's next version, so new screens' snapshots no longer hold it.
  const catalogSensors = () => findRegistry()?.current().sensors ?? sensors;
  const live = createLiveState({ isKnown: (id) => catalogSensors().has(id), catalogVersion: () => findRegistry()?.current().version, maxUnknown: MAX_UNKNOWN_SENSORS });
  const store = createAlertStore();
  const deliveries = createDeliveryStore();
  const influx = createInfluxClient(config.influx);
  let influxUp = false;
  const counters = { readingBatches: 0, skippedDeliveries: 0, droppedMessages: 0, alertEvents: 0 };

  const startedAt = Date.now();
  const processes = createProcessBoard({
    expected: config.expectedProcesses,
    startedAt,
    graceMs: config.expectGraceMs,
    onDropped: (reason) => countDropped(TOPICS.status, reason, 1)
  });
  const status = (): SystemStatus => {
    const now = Date.now();
    return { mqtt: feed.connected(), influx: influxUp, lastReadingAt: live.lastReadingAt(), pipeline: processes.roles(now), serverTime: now, catalogVersion: findRegistry()?.current().version };
  };
  /** Which roles are in alarm, so a change reaches browsers at once instead of at the next status tick. */
  let alarmKey = '';
  function takeProcessStatus(topic: string, payload: Buffer, retained: boolean): void {
    if (!processes.take(topic, payload, retained, Date.now())) return;
    const next = status();
    // everything the banner says: a share lost or a time only noticed changes its words
    const key = (next.pipeline ?? []).map((r) => `${r.role}:${r.alarm}:${r.since}:${r.noticed ?? ''}:${r.partsDown ?? ''}/${r.parts ?? ''}`).join(',');
    if (key === alarmKey) return;
    alarmKey = key;
    sockets.broadcastStatus(next);
  }

  function publishAlert(event: AlertEvent): void {
    const sequenced = store.apply(event, Date.now());
    if (!sequenced) return;
    counters.alertEvents++;
    sockets.broadcastAlert(sequenced);
  }

  /** Alert events the store changed outside the live feed (rebuild, look-back, catch-up): counted and sent. */
  function sendAlerts(events: readonly SequencedAlertEvent[]): void {
    counters.alertEvents += events.length;
    for (const e of events) sockets.broadcastAlert(e);
  }

  function takeReadings(readings: LiveReading[]): void {
    if (live.apply(readings) > 0) throttle.notify();
  }

  /**
   * A person's action, start to end without an await: two people acting on one alert are applied one after the
   * other, each on the other's result. What answers ok is in the outbox (on disk with PANTAU_WEB_DATA_DIR), on
   * every screen here, and on its way to the broker (the ingest and notifier hear it there: an acknowledgement
   * stops the paging without waiting for InfluxDB) and to InfluxDB (retried until stored). An outbox that cannot
   * take it refuses, or throws (the file): then nothing was applied and the person is told to try again.
   */
  function performAction(action: AlertAction, user: string): ActionResult {
    const alert = store.get(action.alertId);
    if (!alert) return { ok: false, error: 'unknown alert' };
    // Only steps of this alert's own checklist: a tick for another rule's step would show nowhere.
    if (action.action === 'step' && !isKnownStep(alert, action.stepId)) return { ok: false, error: 'unknown step' };
    const event = applyAlertAction(alert, action, user, Math.max(Date.now(), alert.updatedAt + 1));
    if ('ok' in event) return { ok: false, error: event.detail };
    if (!outbox.add(event)) return { ok: false, error: ACTION_BUSY };
    // Taken all the same: the MQTT client sends it once the link is back, and every console shows the broker down.
    if (!feed.connected()) log(`${event.type} of ${event.alert.id} taken while the broker is away: published when the link returns`);
    publishAlert(event);
    return { ok: true, event };
  }

  const act = async (action: AlertAction, user: string): Promise<ActionResult> => performAction(action, user);

  const redis = config.redisUrl ? await createRedisAdapter(config.redisUrl, log) : null;
  const auditLog = options.audit ? null : createAuditLog(config.influx, log);
  const audit: AuditSink = options.audit ?? auditLog!.record;
  const sockets = createSocketHub({
    adapter: redis?.adapter,
    identify: options.identify ?? createIdentify(createAuthGate(config.auth)),
    audit,
    limits: {
      maxAnonymous: config.liveMaxClients,
      maxAnonymousPerAddress: config.liveMaxPerAddress,
      maxStaff: config.liveMaxStaffClients,
      connectsPerMinute: config.liveConnectsPerMinute
    },
    addressOf: (handshake) => clientAddress(handshake.headers, handshake.address, config.proxy),
    snapshot: () => ({ serverTime: Date.now(), readings: live.latest(), alerts: store.list(Date.now()), lastEventSeq: store.lastSeq() }),
    status,
    since: (seq) => store.since(seq),
    act
  });

  const restore = createRestore({ influx, sensors: catalogSensors, store, sendAlerts, takeReadings, setInfluxUp: (up) => (influxUp = up), log });
  const feed = createMqttFeed(config.mqtt, {
    onReadings: takeReadings,
    onAlertEvent: publishAlert,
    onDelivery: (record) => {
      deliveries.add(record);
      sockets.broadcastDelivery(record);
    },
    onProcessStatus: takeProcessStatus,
    onDropped: countDropped,
    onConnectionChange: (up) => log(`mqtt ${up ? 'connected' : 'disconnected'}`),
    onResubscribed: () => void restore.catchUp()
  });
  const outbox = createActionOutbox({
    publish: (event) => feed.publishAlertEvent(event),
    store: (event) => influx.writeAlertEvent(event),
    refused: isRefusedWrite,
    file: config.dataDir ? path.resolve(config.dataDir, OUTBOX_FILE) : null,
    log
  });

  function countDropped(topic: string, reason: string, count: number): void {
    const before = counters.droppedMessages;
    counters.droppedMessages += count;
    // The first drop and then one line per hundred: a misbehaving publisher cannot flood the log.
    if (count === 0 || before === 0 || Math.floor(before / 100) < Math.floor(counters.droppedMessages / 100)) {
      log(`dropped ${count} on ${topic}: ${reason} (${counters.droppedMessages} so far)`);
    }
  }

  function flushReadings(): void {
    const batch = live.takePending();
    // With nothing new, still give a drained slow client its catch-up.
    if (!batch.length && !sockets.hasSkipped()) return;
    if (batch.length) counters.readingBatches++;
    counters.skippedDeliveries += sockets.broadcastReadings(batch, live);
  }
  // New readings go out at once when the last broadcast is ≥ READINGS_FLUSH_MS old, else at that mark.
  const throttle = createSendThrottle(READINGS_FLUSH_MS, flushReadings);
  // Slow clients that skipped batches get their catch-up even when no readings arrive.
  const flushTimer = setInterval(() => {
    if (sockets.hasSkipped()) throttle.notify();
  }, CATCH_UP_CHECK_MS);
  const statusTimer = setInterval(async () => {
    influxUp = await influx.ping();
    if (influxUp) outbox.kick();
    sockets.broadcastStatus(status());
  }, STATUS_INTERVAL_MS);
  // Logouts made on other command centers (and before a restart) reach this one's revocation list; then
  // every open socket's session is checked again, so one that expired or was logged out stops receiving.
  const syncRevocations = async () => {
    try {
      applyLogoutRows((await influx.query(revocationsQuery(auditSource(influx)))).flatMap(seriesRows), Date.now());
    } catch {
      // InfluxDB away: the next round catches up; the status shows it.
    }
    sockets.revalidate();
  };
  const revocationTimer = setInterval(() => void syncRevocations(), SYNC_MS);
  flushTimer.unref();
  statusTimer.unref();
  revocationTimer.unref();

  if (options.httpServer) sockets.attach(options.httpServer);
  // Before the rebuild: it reads alert events from the `events` policy the set-up creates if missing.
  await setupInfluxAtStart(config.influx, log);
  await Promise.all([restore.start(), syncRevocations()]);
  // What a previous run had not sent: applied again over the rebuild (the store keeps the newer copy, merged).
  for (const event of outbox.restored()) publishAlert(event);

  return {
    catalog,
    sensors,
    influx,
    attach: (httpServer) => sockets.attach(httpServer),
    status,
    actAs: (identity, action, options) => performActionAs(identity, action, act, audit, options),
    stats: () => ({ clients: sockets.clientCount(), ...counters }),
    latestReadings: () => live.latest(),
    pipeline: () => processes.health(Date.now()),
    alert: (id) => store.get(id),
    refreshAlert: async (id) => (await restore.refreshAlert(id), store.get(id)),
    lastEventSeq: () => store.lastSeq(),
    deliveries: (alertId) => deliveries.get(alertId),
    listAlerts(state, hours) {
      const now = Date.now();
      const since = now - hours * 3_600_000;
      return store.list(now).filter((a) => (state === 'open' ? isOpen(a) : isOpen(a) || a.updatedAt >= since));
    },
    async close() {
      restore.stop();
      clearInterval(flushTimer);
      throttle.close();
      clearInterval(statusTimer);
      clearInterval(revocationTimer);
      await sockets.close();
      // Before the feed: memory-only events get their last try while the broker link still stands.
      await outbox.close();
      await Promise.all([feed.close(), influx.close(), redis?.close(), auditLog?.close()]);
    }
  };
}
