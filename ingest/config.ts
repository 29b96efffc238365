import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseInfluxConfig, type InfluxConfig } from '../src/lib/core/influx-config';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../src/lib/core/decode';
import { PantauError } from '../src/lib/core/errors';

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
  influx: InfluxConfig;
  catalogPath: string;
  limits: DecodeLimits;
  /** Lines per InfluxDB write request. */
  batchSize: number;
  flushIntervalMs: number;
  /** Readings waiting for storage before the broker is made to wait (back-pressure). */
  maxPendingReadings: number;
  /** Readings per second one sensor may send (token bucket; burst = 10 s of it). */
  maxSensorRatePerS: number;
  liveIntervalMs: number;
  tickIntervalMs: number;
}

function int(env: Record<string, string | undefined>, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new PantauError('CONFIG_' + key, `${key} must be an integer in [${min}, ${max}], got "${raw}"`);
  return n;
}

export function loadIngestConfig(env: Record<string, string | undefined> = process.env): IngestConfig {
  const mqttUrl = env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  if (!/^(mqtts?|wss?|tcp):\/\//.test(mqttUrl)) throw new PantauError('CONFIG_MQTT_URL', `MQTT_URL must be mqtt(s):// or ws(s)://, got "${mqttUrl}"`);
  const shareGroup = env.INGEST_SHARE_GROUP ?? '';
  if (shareGroup && !/^[A-Za-z0-9_-]{1,32}$/.test(shareGroup)) throw new PantauError('CONFIG_INGEST_SHARE_GROUP', 'INGEST_SHARE_GROUP must be 1–32 of A-Z a-z 0-9 _ -');
  return Object.freeze({
    mqttUrl,
    mqttUsername: env.MQTT_USERNAME ?? '',
    mqttPassword: env.MQTT_PASSWORD ?? '',
    mqttClientId: env.INGEST_CLIENT_ID ?? `pantau-ingest-${shareGroup || 'main'}`,
    mqttProtocolVersion: int(env, 'MQTT_PROTOCOL_VERSION', 5, 4, 5) as 4 | 5,
    shareGroup,
    influx: parseInfluxConfig(env),
    catalogPath: resolve(env.PANTAU_CATALOG ?? 'src/lib/catalog/samarinda.json'),
    limits: Object.freeze({
      maxPayloadBytes: int(env, 'INGEST_MAX_PAYLOAD_BYTES', DEFAULT_DECODE_LIMITS.maxPayloadBytes, 256, 16 * 1024 * 1024),
      maxFutureMs: int(env, 'INGEST_MAX_FUTURE_S', DEFAULT_DECODE_LIMITS.maxFutureMs / 1000, 0, 86_400) * 1000,
      maxPastMs: int(env, 'INGEST_MAX_PAST_S', DEFAULT_DECODE_LIMITS.maxPastMs / 1000, 60, 366 * 86_400) * 1000
    }),
    batchSize: int(env, 'INGEST_BATCH_SIZE', 5000, 1, 100_000),
    flushIntervalMs: int(env, 'INGEST_FLUSH_MS', 200, 10, 60_000),
    maxPendingReadings: int(env, 'INGEST_MAX_PENDING', 200_000, 100, 10_000_000),
    maxSensorRatePerS: int(env, 'INGEST_MAX_SENSOR_RATE', 20, 1, 100_000),
    liveIntervalMs: int(env, 'INGEST_LIVE_MS', 250, 20, 10_000),
    tickIntervalMs: int(env, 'INGEST_TICK_MS', 5000, 100, 600_000)
  });
}

export function readCatalogFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new PantauError('CATALOG_READ', `cannot read the sensor catalog at ${path}`, false, { cause });
  }
}
