/**
 * The notifier process (`npm run notify`): alert events from MQTT → signed webhook POSTs with retry.
 * Env: see config.ts and ingest/notify/README.md.
 */
import mqtt from 'mqtt';
import { TOPICS } from '../../src/lib/core/topic';
import { parseNotifyConfig, type NotifyConfig } from './config';
import { createNotifier, type Notifier } from './app';
import { createFetchSend } from './worker';
import { Registry } from 'prom-client';
import { addProcessMetrics } from '../../src/lib/metrics/observed';
import { startMetricsServer } from '../../src/lib/metrics/http';
import { createNotifyMetrics } from './metrics';

const CLOSE_TIMEOUT_MS = 2_000;
const STATS_INTERVAL_MS = 60_000;

function log(message: string): void {
  console.log(`[notify] ${message}`);
}

export function alertSubscription(shareGroup: string): string {
  return shareGroup ? `$share/${shareGroup}/${TOPICS.alertEvents}` : TOPICS.alertEvents;
}

function main(): void {
  const config = parseNotifyConfig(process.env);
  const notifier = createNotifier(config, createFetchSend(config.requestTimeoutMs), log);
  if (config.metrics) serveMetrics(config.metrics, config, notifier);
  const topic = alertSubscription(config.shareGroup);
  // Persistent session: while the notifier restarts, the broker keeps the QoS 1 events for it.
  const client = mqtt.connect(config.mqttUrl, {
    clientId: config.mqttClientId,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 86_400, receiveMaximum: 100 },
    username: config.mqttUsername || undefined,
    password: config.mqttPassword || undefined,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
    resubscribe: true
  });
  client.on('connect', (connack) => {
    log(`connected to ${config.mqttUrl} (session ${connack.sessionPresent ? 'resumed' : 'new'}), ${config.webhooks.length} webhook(s)`);
    client.subscribe(topic, { qos: 1 }, (err, granted) => {
      if (err || !granted?.length || granted[0].qos > 2) log(`subscribe to ${topic} failed: ${err?.message ?? `reason ${granted?.[0]?.qos}`}`);
      else log(`subscribed to ${topic}`);
    });
  });
  client.on('error', (err) => log(`mqtt error: ${err.message}`));
  client.on('offline', () => log('mqtt offline; reconnecting'));
  // The PUBACK goes out once the event is queued: appended to the journal (or only in memory with NOTIFY_JOURNAL_DIR=off).
  client.handleMessage = (packet, callback) => {
    try {
      notifier.handle(packet.payload as Buffer);
    } catch (err) {
      // A journal that cannot be written must not acknowledge: the broker redelivers after we restart.
      log(`NOTIFY_HANDLER_FAILED: ${(err as Error).stack ?? err}`);
      if ((err as { code?: string }).code?.startsWith('WAL_') || (err as NodeJS.ErrnoException).syscall) {
        void shutdown('NOTIFY_JOURNAL_FAILED', 1);
        return;
      }
    }
    callback();
  };

  // Log and the retained status topic (as ingest does), so the command center can show delivery health.
  const statsTimer = setInterval(() => {
    const stats = notifier.stats();
    log(`stats ${JSON.stringify(stats)}`);
    if (client.connected) client.publish(`${TOPICS.status}/notify/${config.mqttClientId}`, JSON.stringify({ at: Date.now(), ...stats }), { qos: 0, retain: true });
  }, STATS_INTERVAL_MS);
  statsTimer.unref();

  let closing = false;
  async function shutdown(signal: string, exitCode = 0): Promise<void> {
    if (closing) return;
    closing = true;
    log(`${signal}: closing`);
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => client.end(true, {}, () => resolve()), CLOSE_TIMEOUT_MS);
      client.end(false, {}, () => {
        clearTimeout(force);
        resolve();
      });
    });
    const left = await notifier.close();
    if (left > 0) log(`exiting with ${left} delivery(ies) undone: ${config.journalDir ? `kept in ${config.journalDir} for the next start` : 'lost (NOTIFY_JOURNAL_DIR=off)'}`);
    log(`stats ${JSON.stringify(notifier.stats())}`);
    process.exit(exitCode);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Metrics on their own port; a port that cannot be bound is logged and delivery goes on (http.ts). */
function serveMetrics(listen: NonNullable<NotifyConfig['metrics']>, config: NotifyConfig, notifier: Notifier): void {
  const registry = new Registry();
  addProcessMetrics(registry);
  createNotifyMetrics(registry, config.webhooks, notifier.stats);
  void startMetricsServer({ registry, listen, log });
}

try {
  main();
} catch (err) {
  console.error(`[notify] failed to start: ${(err as Error).message}`);
  process.exit(1);
}
