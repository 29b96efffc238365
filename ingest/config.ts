import { readFileSync } from 'node:fs';
import { CLIENT_ID_PATTERN, SHARE_GROUP_PATTERN, readChoiceEnv, readFlagEnv, readIntEnv as int, readMqttUrlEnv, readPatternEnv } from '../src/lib/schemas/env';
import { resolve } from 'node:path';
import { parseInfluxConfig, type InfluxConfig } from '../src/lib/core/influx-config';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../src/lib/core/decode';
import { PantauError } from '../src/lib/core/errors';
import { MAX_PARTS } from '../src/lib/core/process-status';
import { parseMetricsListen, type MetricsListen } from '../src/lib/metrics/config';

/** Everything the ingest process reads from its environment, validated once and frozen. */
export interface IngestConfig {
  mqttUrl: string;
  mqttUsername: string;
  mqttPassword: string;
  /** Stable client id: with clean=false the broker keeps our QoS 1 queue while we are away. */
  mqttClientId: string;
  /** 5 (default) or 4 (MQTT 3.1.1, for brokers such as the embedded aedes that speak no MQTT 5). */
  mqttProtocolVersion: 4 | 5;
  /** MQTT 5 shared-subscription group; empty = plain subscription (one worker). */
  shareGroup: string;
  /** Workers that split the sensors by hash of the sensor id (INGEST_WORKERS; 1 = this worker has all). */
  workers: number;
  /** This worker's index in 0..workers-1 (INGEST_WORKER_INDEX). */
  workerIndex: number;
  influx: InfluxConfig;
  catalogPath: string;
  /** INGEST_CATALOG_SOURCE: `file` (catalogPath) or `registry` (the command center's retained registry catalog, the file as fallback). */
  catalogSource: 'file' | 'registry';
  limits: DecodeLimits;
  /** Lines per InfluxDB write request. */
  batchSize: number;
  flushIntervalMs: number;
  /** Write-ahead journal dir: accepted lines wait here until InfluxDB confirms them. */
  walDir: string;
  /** fsync every append: survives power loss, not only a process crash; costs a disk flush per message. */
  walFsync: boolean;
  /** Journal size on disk beyond which the broker's PUBACK is withheld (back-pressure, no drops). */
  walMaxBytes: number;
  walSegmentBytes: number;
  /** Longest gap between checkpoint file writes (a crash replays up to this much stored data). */
  walCheckpointMs: number;
  /** Group commit window for PUBACKs (see ingest/durable/ack-gate.ts). */
  ackBatchMs: number;
  /** InfluxDB write requests in flight at once (committed in order; see ingest/durable/shipper.ts). */
  writeConcurrency: number;
  /** Longest backoff between write attempts while InfluxDB is down. */
  retryMaxMs: number;
  /** On SIGTERM: how long to keep shipping the journal before exiting (the rest waits on disk). */
  shutdownGraceMs: number;
  /** Readings per second one sensor may send (token bucket; burst = 10 s of it). */
  maxSensorRatePerS: number;
  liveIntervalMs: number;
  tickIntervalMs: number;
  /** Hours of stored flood readings fed to the river forecaster at start (0: start cold). */
  forecastWarmupHours: number;
  /** GET /metrics and /health (INGEST_METRICS_PORT, default 9470 + worker index, `off` = none; INGEST_METRICS_HOST, default loopback). */
  metrics: MetricsListen;
}

export function loadIngestConfig(env: Record<string, string | undefined> = process.env): IngestConfig {
  const mqttUrl = readMqttUrlEnv(env);
  const shareGroup = readPatternEnv(env, 'INGEST_SHARE_GROUP', '', SHARE_GROUP_PATTERN, '1–32 of A-Z a-z 0-9 _ -');
  const workers = int(env, 'INGEST_WORKERS', 1, 1, MAX_PARTS);
  const workerIndex = int(env, 'INGEST_WORKER_INDEX', 0, 0, workers - 1);
  if (workers > 1 && shareGroup) throw new PantauError('CONFIG_INGEST_WORKERS', 'INGEST_WORKERS > 1 partitions by sensor; do not combine it with INGEST_SHARE_GROUP');
  // Each partition worker needs its own persistent session (and so its own journal).
  const defaultClientId = workers > 1 ? `pantau-ingest-w${workerIndex}` : `pantau-ingest-${shareGroup || 'main'}`;
  const mqttClientId = readPatternEnv(env, 'INGEST_CLIENT_ID', defaultClientId, CLIENT_ID_PATTERN, '1–128 of A-Z a-z 0-9 _ . -');
  return Object.freeze({
    mqttUrl,
    mqttUsername: env.MQTT_USERNAME ?? '',
    mqttPassword: env.MQTT_PASSWORD ?? '',
    mqttClientId,
    mqttProtocolVersion: int(env, 'MQTT_PROTOCOL_VERSION', 5, 4, 5) as 4 | 5,
    shareGroup,
    workers,
    workerIndex,
    influx: parseInfluxConfig(env),
    catalogPath: resolve(env.PANTAU_CATALOG ?? 'src/lib/catalog/samarinda.json'),
    catalogSource: readChoiceEnv(env, 'INGEST_CATALOG_SOURCE', 'file', ['file', 'registry'] as const),
    limits: Object.freeze({
      maxPayloadBytes: int(env, 'INGEST_MAX_PAYLOAD_BYTES', DEFAULT_DECODE_LIMITS.maxPayloadBytes, 256, 16 * 1024 * 1024),
      maxFutureMs: int(env, 'INGEST_MAX_FUTURE_S', DEFAULT_DECODE_LIMITS.maxFutureMs / 1000, 0, 86_400) * 1000,
      maxPastMs: int(env, 'INGEST_MAX_PAST_S', DEFAULT_DECODE_LIMITS.maxPastMs / 1000, 60, 366 * 86_400) * 1000
    }),
    batchSize: int(env, 'INGEST_BATCH_SIZE', 5000, 1, 100_000),
    flushIntervalMs: int(env, 'INGEST_FLUSH_MS', 200, 10, 60_000),
    writeConcurrency: int(env, 'INGEST_WRITE_CONCURRENCY', 2, 1, 16),
    // One journal per client id: two workers of a share group must not ship each other's lines.
    walDir: resolve(env.INGEST_WAL_DIR || `.data/ingest-wal/${mqttClientId}`),
    walFsync: readFlagEnv(env, 'INGEST_WAL_FSYNC', false),
    walMaxBytes: int(env, 'INGEST_WAL_MAX_BYTES', 1024 ** 3, 64 * 1024, Number.MAX_SAFE_INTEGER),
    walSegmentBytes: int(env, 'INGEST_WAL_SEGMENT_BYTES', 64 * 1024 ** 2, 4096, 1024 ** 3),
    walCheckpointMs: int(env, 'INGEST_WAL_CHECKPOINT_MS', 1000, 0, 60_000),
    // PUBACKs wait this long to leave together after one journal write (group commit); 0 = end of the event-loop turn.
    ackBatchMs: int(env, 'INGEST_ACK_BATCH_MS', 5, 0, 1000),
    retryMaxMs: int(env, 'INGEST_RETRY_MAX_MS', 5000, 100, 600_000),
    shutdownGraceMs: int(env, 'INGEST_SHUTDOWN_GRACE_MS', 8000, 0, 600_000),
    maxSensorRatePerS: int(env, 'INGEST_MAX_SENSOR_RATE', 20, 1, 100_000),
    liveIntervalMs: int(env, 'INGEST_LIVE_MS', 50, 20, 10_000),
    tickIntervalMs: int(env, 'INGEST_TICK_MS', 5000, 100, 600_000),
    // 12 h covers the forecaster's 8 h history plus learning pairs; past 3 days the start read grows for little gain.
    forecastWarmupHours: int(env, 'INGEST_FORECAST_WARMUP_HOURS', 24, 0, 72),
    // One port per worker index: the workers of one host do not contend for it.
    metrics: parseMetricsListen(env, 'INGEST_METRICS_PORT', 'INGEST_METRICS_HOST', 9470 + workerIndex)
  });
}

export function readCatalogFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new PantauError('CATALOG_READ', `cannot read the sensor catalog at ${path}`, { cause });
  }
}
