/**
 * The notifier process (`npm run notify`): alert events from MQTT → signed webhook POSTs with retry,
 * and, with DATABASE_URL, messages to people (channels, rotas, escalation, digests: people/service.ts).
 * Env: see config.ts and ingest/notify/README.md.
 */
import path from 'node:path';
import mqtt from 'mqtt';
import type { DeliveryRecord } from '../../src/lib/core/people';
import { TOPICS } from '../../src/lib/core/topic';
import { parseNotifyConfig, type NotifyConfig } from './config';
import { createNotifier, type Notifier } from './app';
import { createFetchSend } from './worker';
import { Registry } from 'prom-client';
import { addProcessMetrics } from '../../src/lib/metrics/observed';
import { startMetricsServer } from '../../src/lib/metrics/http';
import { createNotifyMetrics, createPeopleMetrics } from './metrics';
import { createChannels, describeChannels, parseChannelsConfig } from './channels/index';
import { startPeopleDelivery, type PeopleDelivery } from './people/service';
import { renderSubject } from './people/message';
import { parseChannelTestRequest } from '../../src/lib/server/people/channel-test-message';
import { statusTopic } from '../../src/lib/core/process-status';
import { statusMessage, statusWill } from '../status-topic';
import { redactUrl } from '../../src/lib/core/redact-url';

const CLOSE_TIMEOUT_MS = 2_000;
const STATS_INTERVAL_MS = 60_000;

function log(message: string): void {
  console.log(`[notify] ${message}`);
}

export function alertSubscription(shareGroup: string, topic: string = TOPICS.alertEvents): string {
  return shareGroup ? `$share/${shareGroup}/${topic}` : topic;
}

/**
 * Records made while the broker is not connected (replayed events at start, a broker restart) wait here,
 * bounded, instead of in the MQTT client's unbounded offline queue; InfluxDB keeps every record anyway.
 */
const EARLY_RECORDS_MAX = 10_000;

async function main(): Promise<void> {
  const config = parseNotifyConfig(process.env);
  const notifier = createNotifier(config, createFetchSend(config.requestTimeoutMs), log);
  let client: mqtt.MqttClient | null = null;
  const early: DeliveryRecord[] = [];
  let unpublished = 0;
  const publishRecord = (record: DeliveryRecord) => {
    if (client?.connected) client.publish(TOPICS.alertDeliveries, JSON.stringify(record), { qos: 1 });
    else if (early.length < EARLY_RECORDS_MAX) early.push(record);
    else if (++unpublished % 1_000 === 1) log(`broker away: ${unpublished} delivery record(s) not published live (stored in InfluxDB)`);
  };
  const people = config.people ? await startPeople(config, publishRecord) : null;
  if (config.metrics) serveMetrics(config.metrics, config, notifier, people);
  const topic = alertSubscription(config.shareGroup);
  // Admins' test messages: shared like the events (one notifier sends each); QoS 0, a test is of now or never.
  const testTopic = alertSubscription(config.shareGroup, TOPICS.channelTests);
  // Persistent session: while the notifier restarts, the broker keeps the QoS 1 events for it.
  client = mqtt.connect(config.mqttUrl, {
    clientId: config.mqttClientId,
    protocolVersion: config.mqttProtocolVersion,
    clean: false,
    // MQTT 3.1.1 (aedes) has no properties: its persistent session simply does not expire.
    ...(config.mqttProtocolVersion === 5 ? { properties: { sessionExpiryInterval: 86_400, receiveMaximum: 100 } } : {}),
    username: config.mqttUsername || undefined,
    password: config.mqttPassword || undefined,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
    resubscribe: true,
    // The command center shows paging as down the moment the broker loses this connection.
    will: statusWill('notify', config.mqttClientId, STATS_INTERVAL_MS)
  });
  const ownStatus = statusTopic('notify', config.mqttClientId);
  const currentStats = () => ({ ...notifier.stats(), ...(people ? { people: people.stats() } : {}) });
  client.on('connect', (connack) => {
    client?.publish(ownStatus, statusMessage('online', STATS_INTERVAL_MS, Date.now(), currentStats()), { qos: 1, retain: true });
    for (const record of early.splice(0)) publishRecord(record);
    log(`connected to ${redactUrl(config.mqttUrl)} (session ${connack.sessionPresent ? 'resumed' : 'new'}), ${config.webhooks.length} webhook(s)${people ? ', people delivery on' : ''}`);
    client?.subscribe(topic, { qos: 1 }, (err, granted) => {
      if (err || !granted?.length || granted[0].qos > 2) log(`subscribe to ${topic} failed: ${err?.message ?? `reason ${granted?.[0]?.qos}`}`);
      else log(`subscribed to ${topic}`);
    });
    if (people) client?.subscribe(testTopic, { qos: 0 }, (err) => err && log(`subscribe to ${testTopic} failed: ${err.message}`));
  });
  client.on('error', (err) => log(`mqtt error: ${err.message}`));
  client.on('offline', () => log('mqtt offline; reconnecting'));
  // The PUBACK goes out once the event is queued: appended to the journal (or only in memory with NOTIFY_JOURNAL_DIR=off).
  client.handleMessage = (packet, callback) => {
    if (packet.topic === TOPICS.channelTests) {
      testChannel(packet.payload as Buffer);
      return callback();
    }
    try {
      const event = notifier.handle(packet.payload as Buffer);
      if (event && people) people.accept(event);
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

  function testChannel(payload: Buffer): void {
    const request = parseChannelTestRequest(payload);
    if (!request || !people) return void log('channel test request ignored: not a well-formed request (or no people delivery)');
    void people.testChannel(request).then(
      (result) => client?.publish(TOPICS.channelTestResults, JSON.stringify(result), { qos: 1 }),
      (err: Error) => log(`channel test ${request.requestId} failed: ${err.message}`)
    );
  }

  // Log and the retained status topic (as ingest does): the command center shows paging as down when it stops.
  const statsTimer = setInterval(() => {
    const stats = currentStats();
    log(`stats ${JSON.stringify(stats)}`);
    if (client?.connected) client.publish(ownStatus, statusMessage('online', STATS_INTERVAL_MS, Date.now(), stats), { qos: 0, retain: true });
  }, STATS_INTERVAL_MS);
  statsTimer.unref();

  let closing = false;
  async function shutdown(signal: string, exitCode = 0): Promise<void> {
    if (closing) return;
    closing = true;
    log(`${signal}: closing`);
    // People first: their last records still go out on MQTT before the client ends.
    if (people) await people.close();
    // A clean stop replaces the Last Will: someone's decision, not a crash (a graceful end sends it first).
    if (client?.connected) client.publish(ownStatus, statusMessage('stopped', STATS_INTERVAL_MS, Date.now(), currentStats()), { qos: 1, retain: true });
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => client?.end(true, {}, () => resolve()), CLOSE_TIMEOUT_MS);
      client?.end(false, {}, () => {
        clearTimeout(force);
        resolve();
      });
    });
    const left = await notifier.close();
    if (left > 0) log(`exiting with ${left} delivery(ies) undone: ${config.journalDir ? `kept in ${config.journalDir} for the next start` : 'lost (NOTIFY_JOURNAL_DIR=off)'}`);
    log(`stats ${JSON.stringify({ ...notifier.stats(), ...(people ? { people: people.stats() } : {}) })}`);
    process.exit(exitCode);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Channels from env, words from render.ts, links signed per message: delivery to people (people/service.ts). */
async function startPeople(config: NotifyConfig, publish: (record: DeliveryRecord) => void): Promise<PeopleDelivery> {
  const people = config.people!;
  const channelsConfig = parseChannelsConfig(process.env);
  log(describeChannels(channelsConfig));
  return startPeopleDelivery({
    config: people,
    channels: createChannels(channelsConfig),
    render: (directory) => renderSubject(directory, people.digest.windowMs),
    publish,
    journalDir: config.journalDir ? path.join(config.journalDir, 'people') : '',
    journalFsync: config.journalFsync,
    channelTimeoutMs: channelsConfig.timeoutMs,
    log
  });
}

/** Metrics on their own port; a port that cannot be bound is logged and delivery goes on (http.ts). */
function serveMetrics(listen: NonNullable<NotifyConfig['metrics']>, config: NotifyConfig, notifier: Notifier, people: PeopleDelivery | null): void {
  const registry = new Registry();
  addProcessMetrics(registry);
  createNotifyMetrics(registry, config.webhooks, notifier.stats);
  if (people) createPeopleMetrics(registry, people.stats);
  void startMetricsServer({ registry, listen, log });
}

main().catch((err: unknown) => {
  console.error(`[notify] failed to start: ${(err as Error).message}`);
  process.exit(1);
});
