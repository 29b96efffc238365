import { readFileSync } from 'node:fs';
import { CLIENT_ID_PATTERN, SHARE_GROUP_PATTERN, readFlagEnv, readIntEnv as int, readMqttUrlEnv, readPatternEnv } from '../../src/lib/schemas/env';
import { resolve } from 'node:path';
import { PantauError } from '../../src/lib/core/errors';
import { parseWebhooks, type Webhook } from './webhooks';
import { parseMetricsListen, type MetricsListen } from '../../src/lib/metrics/config';
import { parsePeopleConfig, type PeopleConfig } from './people/config';

/** Everything the notifier reads from its environment, validated once and frozen. */
export interface NotifyConfig {
  mqttUrl: string;
  mqttUsername: string;
  mqttPassword: string;
  /** 5 (default); 4 for a broker that speaks only MQTT 3.1.1 (npm start's embedded aedes): no shared subscriptions then. */
  mqttProtocolVersion: 4 | 5;
  /** Stable per instance: with a persistent session the broker keeps our QoS 1 events while we restart. */
  mqttClientId: string;
  /** MQTT 5 shared-subscription group: instances in one group each get a share of the events, every event once. */
  shareGroup: string;
  webhooks: readonly Webhook[];
  /** Per webhook: deliveries waiting beyond this drop the oldest info first. */
  queueMax: number;
  /** A delivery failing this long is given up and logged. */
  maxRetryMs: number;
  /** Backoff between attempts: full jitter, first wait below retryBaseMs, never above retryCapMs. */
  retryBaseMs: number;
  retryCapMs: number;
  /** Journal of queued deliveries (one subdir per webhook); empty = none (a crash loses the queue). */
  journalDir: string;
  journalFsync: boolean;
  /** One HTTP request may take this long before it counts as a network error (and is retried). */
  requestTimeoutMs: number;
  /** GET /metrics and /health (NOTIFY_METRICS_PORT, default 9480, `off` = none; NOTIFY_METRICS_HOST, default loopback). */
  metrics: MetricsListen;
  /** Delivery to people (channels, rotas, escalation): on when DATABASE_URL is set; null = webhooks only. */
  people: PeopleConfig | null;
}

/** `readFile` is injected so tests need no files. */
export function parseNotifyConfig(env: Record<string, string | undefined>, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): NotifyConfig {
  const mqttUrl = readMqttUrlEnv(env);
  const shareGroup = readPatternEnv(env, 'NOTIFY_SHARE_GROUP', '', SHARE_GROUP_PATTERN, '1–32 of A-Z a-z 0-9 _ -');
  const mqttClientId = readPatternEnv(env, 'NOTIFY_CLIENT_ID', `pantau-notify-${shareGroup || 'main'}`, CLIENT_ID_PATTERN, '1–128 of A-Z a-z 0-9 _ . -');
  const mqttProtocolVersion = int(env, 'MQTT_PROTOCOL_VERSION', 5, 4, 5) as 4 | 5;
  if (mqttProtocolVersion === 4 && shareGroup) throw new PantauError('CONFIG_NOTIFY_SHARE_GROUP', 'NOTIFY_SHARE_GROUP needs MQTT 5 (shared subscriptions); MQTT_PROTOCOL_VERSION is 4');
  const people = parsePeopleConfig(env);
  // Delivery to people keeps its escalation chains, digests and quiet holds per instance: with the events split between
  // instances, the one that paged never sees the acknowledgement another got, and goes on to the backup and the lead.
  if (people && shareGroup) {
    throw new PantauError('CONFIG_NOTIFY_SHARE_GROUP', 'NOTIFY_SHARE_GROUP cannot be used with DATABASE_URL: delivery to people keeps its escalation chains per instance, so instances splitting the events would miss acknowledgements and keep paging; run one notifier with DATABASE_URL (a share group is for webhook-only instances)');
  }
  const path = env.PANTAU_WEBHOOKS;
  // With people delivery on, webhooks are optional; with neither there is nothing to do.
  if (!path && !people) throw new PantauError('CONFIG_PANTAU_WEBHOOKS', 'PANTAU_WEBHOOKS must name a JSON file listing the webhooks (or set DATABASE_URL to deliver to people)');
  let text = '[]';
  if (path) {
    try {
      text = readFile(path);
    } catch (err) {
      throw new PantauError('CONFIG_PANTAU_WEBHOOKS', `cannot read PANTAU_WEBHOOKS file ${path}: ${(err as Error).message}`);
    }
  }
  const journalEnv = env.NOTIFY_JOURNAL_DIR ?? '';
  return Object.freeze({
    mqttUrl,
    mqttUsername: env.MQTT_USERNAME ?? '',
    mqttPassword: env.MQTT_PASSWORD ?? '',
    mqttProtocolVersion,
    mqttClientId,
    shareGroup,
    webhooks: Object.freeze(parseWebhooks(text)),
    queueMax: int(env, 'NOTIFY_QUEUE_MAX', 1_000, 1, 1_000_000),
    maxRetryMs: int(env, 'NOTIFY_MAX_RETRY_S', 3_600, 1, 7 * 86_400) * 1000,
    retryBaseMs: int(env, 'NOTIFY_RETRY_BASE_MS', 1_000, 1, 600_000),
    retryCapMs: int(env, 'NOTIFY_RETRY_CAP_MS', 300_000, 1, 3_600_000),
    journalDir: journalEnv === 'off' ? '' : resolve(journalEnv || `.data/notify-journal/${mqttClientId}`),
    journalFsync: readFlagEnv(env, 'NOTIFY_JOURNAL_FSYNC', false),
    requestTimeoutMs: int(env, 'NOTIFY_TIMEOUT_MS', 10_000, 100, 120_000),
    metrics: parseMetricsListen(env, 'NOTIFY_METRICS_PORT', 'NOTIFY_METRICS_HOST', 9480),
    people
  });
}
