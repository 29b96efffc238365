import { parseInfluxConfig, type InfluxConfig } from '../core/influx-config';
import { PantauError } from '../core/errors';
import { parseAuthConfig, type AuthConfig } from './auth/auth-config';
import { parseCapConfig, type CapConfig } from './cap/config';
import { parseProxyConfig, type ProxyConfig } from './client-address';
import { parseMetricsToken } from '../metrics/config';

/**
 * The one place the command center reads its environment. Parsed once, validated, frozen;
 * everything else receives the WebConfig object (tests build their own with parseWebConfig).
 */
export interface MqttConfig {
  url: string;
  username: string;
  password: string;
}

export interface WebConfig {
  mqtt: MqttConfig;
  influx: InfluxConfig;
  /** Sensor catalog JSON; relative paths resolve against process.cwd(). */
  catalogPath: string;
  port: number;
  host: string;
  /**
   * Anonymous Socket.IO connections refused beyond this many in all (PANTAU_LIVE_MAX_CLIENTS) and per
   * client address (PANTAU_LIVE_MAX_PER_ADDRESS); signed-in people and kiosks have their own capacity
   * (PANTAU_LIVE_MAX_STAFF_CLIENTS), so anonymous viewers can never lock them out.
   */
  liveMaxClients: number;
  liveMaxPerAddress: number;
  liveMaxStaffClients: number;
  /** ADDRESS_HEADER / XFF_DEPTH: where the client's address comes from behind a proxy (client-address.ts). */
  proxy: ProxyConfig;
  /** Users, session secret, kiosk tokens, anonymous reading (PANTAU_USERS, …): see auth/auth-config.ts. */
  auth: AuthConfig;
  /** REDIS_URL: several command centers share Socket.IO operations through Redis; empty = one instance. */
  redisUrl: string;
  /** CAP feed sender and public origin (PANTAU_CAP_SENDER, PANTAU_CAP_SENDER_NAME, PANTAU_PUBLIC_URL): see cap/config.ts. */
  cap: CapConfig;
  /** METRICS_TOKEN: bearer token for GET /metrics; empty = loopback-only (src/lib/metrics/access.ts). */
  metricsToken: string;
  /** DATABASE_URL: PostgreSQL of the sensor registry; empty = no registry, the catalog file read-only. Holds a password: never log it. */
  databaseUrl: string;
}

export const DEFAULT_CATALOG_PATH = 'src/lib/catalog/samarinda.json';

function parseIntInRange(env: Record<string, string | undefined>, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new PantauError(`CONFIG_${key}`, `${key} must be an integer in ${min}..${max}, got "${raw}"`);
  }
  return n;
}

export function parseWebConfig(env: Record<string, string | undefined>): WebConfig {
  const mqttUrl = env.MQTT_URL || 'mqtt://127.0.0.1:1883';
  if (!/^(mqtts?|wss?|tcp):\/\/[^\s/]+/.test(mqttUrl)) {
    throw new PantauError('CONFIG_MQTT_URL', `MQTT_URL must be mqtt(s)://host:port or ws(s)://…, got "${mqttUrl}"`);
  }
  const host = env.HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]{1,255}$/.test(host)) throw new PantauError('CONFIG_HOST', `HOST is not a host name or address: "${host}"`);
  return Object.freeze({
    mqtt: Object.freeze({ url: mqttUrl, username: env.MQTT_USERNAME ?? '', password: env.MQTT_PASSWORD ?? '' }),
    influx: parseInfluxConfig(env),
    catalogPath: env.PANTAU_CATALOG || DEFAULT_CATALOG_PATH,
    // 0 lets the OS pick a free port (tests).
    port: parseIntInRange(env, 'PORT', 3000, 0, 65535),
    host,
    liveMaxClients: parseIntInRange(env, 'PANTAU_LIVE_MAX_CLIENTS', 200, 1, 100_000),
    liveMaxPerAddress: parseIntInRange(env, 'PANTAU_LIVE_MAX_PER_ADDRESS', 20, 1, 100_000),
    liveMaxStaffClients: parseIntInRange(env, 'PANTAU_LIVE_MAX_STAFF_CLIENTS', 1_000, 1, 100_000),
    proxy: parseProxyConfig(env),
    auth: parseAuthConfig(env),
    redisUrl: parseRedisUrl(env.REDIS_URL ?? ''),
    cap: parseCapConfig(env),
    metricsToken: parseMetricsToken(env),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL ?? '')
  });
}

function parseRedisUrl(url: string): string {
  if (url && !/^rediss?:\/\/[^\s/]+/.test(url)) throw new PantauError('CONFIG_REDIS_URL', 'REDIS_URL must be redis(s)://[user:password@]host:port[/db]');
  return url;
}

function parseDatabaseUrl(url: string): string {
  if (url && !/^postgres(ql)?:\/\/\S+/.test(url)) throw new PantauError('CONFIG_DATABASE_URL', 'DATABASE_URL must be postgres://user:password@host:port/database');
  return url;
}

let cached: WebConfig | undefined;

/** The process's config, read from process.env on first use. */
export function loadWebConfig(): WebConfig {
  cached ??= parseWebConfig(process.env);
  return cached;
}
