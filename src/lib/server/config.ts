import { parseInfluxConfig, type InfluxConfig } from '../core/influx-config';
import { HOST_PATTERN, readIntEnv, readMqttUrlEnv, readPatternEnv } from '../schemas/env';
import { parseAuthConfig, type AuthConfig } from './auth/auth-config';
import { parseCapConfig, type CapConfig } from './cap/config';
import { parseProxyConfig, type ProxyConfig } from './client-address';
import { parseMetricsToken } from '../metrics/config';
import { parsePublicConfig, type PublicConfig } from './public/config';
import { parseBasemapConfig, type BasemapConfig } from './basemap-config';
import { ACK_SECRET_MIN_CHARS } from '../notify/ack-token';
import { PROCESS_ROLES, type ProcessRole } from '../core/process-status';
import { DEFAULT_CONNECTS_PER_MIN } from './socket-admission';
import { parseHttpTimeouts, type HttpTimeouts } from './http-timeouts';

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
  /** PANTAU_HTTP_*_TIMEOUT_S: how long the HTTP server waits for a request's headers and body, and keeps an idle connection (http-timeouts.ts). */
  http: HttpTimeouts;
  /**
   * Anonymous Socket.IO connections refused beyond this many in all (PANTAU_LIVE_MAX_CLIENTS) and per
   * client address (PANTAU_LIVE_MAX_PER_ADDRESS); signed-in people and kiosks have their own capacity
   * (PANTAU_LIVE_MAX_STAFF_CLIENTS), so anonymous viewers can never lock them out.
   */
  liveMaxClients: number;
  liveMaxPerAddress: number;
  liveMaxStaffClients: number;
  /**
   * PANTAU_LIVE_CONNECTS_PER_MIN: anonymous Socket.IO joins one client address may make per minute, after a
   * burst of PANTAU_LIVE_MAX_PER_ADDRESS (socket-admission.ts: why it cannot lock a reconnecting wall out).
   */
  liveConnectsPerMinute: number;
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
  /** Rate limits and cache of /publik, its data and the open data API (PANTAU_PUBLIC_*, PANTAU_OPEN_*): see public/config.ts. */
  publicData: PublicConfig;
  /** PANTAU_BASEMAP: the offline GeoJSON basemap (default), a PMTiles file served here, or a city style URL: see basemap-config.ts. */
  basemap: BasemapConfig;
  /**
   * PANTAU_ACK_SECRET: verifies the acknowledge links the notifier signs (`/ack/<token>`), at least
   * ACK_SECRET_MIN_CHARS characters; empty = acknowledge links are off (the route answers 404). A secret.
   */
  ackSecret: string;
  /** VAPID_PUBLIC_KEY: the notifier's Web Push public key, handed to the responder app to subscribe; empty = push off. */
  vapidPublicKey: string;
  /**
   * PANTAU_EXPECT_PROCESSES: the processes this deployment runs (`notify`, `ingest`, comma-separated;
   * `npm start` sets both). One that has not reported within PANTAU_EXPECT_GRACE_S of the web's start,
   * or stopped, is shown as down on the wall and the console (core/process-status.ts).
   */
  expectedProcesses: readonly ProcessRole[];
  expectGraceMs: number;
  /**
   * PANTAU_WEB_DATA_DIR: where this command center keeps people's alert events that InfluxDB or the broker has not
   * taken yet (action-outbox.ts), one dir per instance; empty = memory only (a restart meanwhile loses them).
   */
  dataDir: string;
}

export const DEFAULT_CATALOG_PATH = 'src/lib/catalog/samarinda.json';

export function parseWebConfig(env: Record<string, string | undefined>): WebConfig {
  return Object.freeze({
    mqtt: Object.freeze({ url: readMqttUrlEnv(env), username: env.MQTT_USERNAME ?? '', password: env.MQTT_PASSWORD ?? '' }),
    influx: parseInfluxConfig(env),
    catalogPath: env.PANTAU_CATALOG || DEFAULT_CATALOG_PATH,
    // 0 lets the OS pick a free port (tests).
    port: readIntEnv(env, 'PORT', 3000, 0, 65535),
    host: readPatternEnv(env, 'HOST', '127.0.0.1', HOST_PATTERN, 'a host name or address'),
    http: parseHttpTimeouts(env),
    liveMaxClients: readIntEnv(env, 'PANTAU_LIVE_MAX_CLIENTS', 200, 1, 100_000),
    liveMaxPerAddress: readIntEnv(env, 'PANTAU_LIVE_MAX_PER_ADDRESS', 20, 1, 100_000),
    liveMaxStaffClients: readIntEnv(env, 'PANTAU_LIVE_MAX_STAFF_CLIENTS', 1_000, 1, 100_000),
    liveConnectsPerMinute: readIntEnv(env, 'PANTAU_LIVE_CONNECTS_PER_MIN', DEFAULT_CONNECTS_PER_MIN, 1, 100_000),
    proxy: parseProxyConfig(env),
    auth: parseAuthConfig(env),
    redisUrl: readPatternEnv(env, 'REDIS_URL', '', /^rediss?:\/\/[^\s/]+/, 'redis(s)://[user:password@]host:port[/db]', true),
    cap: parseCapConfig(env),
    metricsToken: parseMetricsToken(env),
    databaseUrl: readPatternEnv(env, 'DATABASE_URL', '', /^postgres(ql)?:\/\/\S+/, 'postgres://user:password@host:port/database', true),
    publicData: parsePublicConfig(env),
    basemap: parseBasemapConfig(env),
    ackSecret: readPatternEnv(env, 'PANTAU_ACK_SECRET', '', new RegExp(`^\\S{${ACK_SECRET_MIN_CHARS},}$`), `at least ${ACK_SECRET_MIN_CHARS} characters without spaces`, true),
    // An uncompressed P-256 point (65 bytes) in base64url: what web-push's generateVAPIDKeys() prints.
    vapidPublicKey: readPatternEnv(env, 'VAPID_PUBLIC_KEY', '', /^[A-Za-z0-9_-]{86,87}={0,1}$/, 'a base64url P-256 public key (87 characters)'),
    expectedProcesses: Object.freeze(readRoles(readPatternEnv(env, 'PANTAU_EXPECT_PROCESSES', '', ROLES_PATTERN, `a comma-separated list of ${PROCESS_ROLES.join(', ')}`))),
    expectGraceMs: readIntEnv(env, 'PANTAU_EXPECT_GRACE_S', 120, 0, 86_400) * 1000,
    dataDir: readPatternEnv(env, 'PANTAU_WEB_DATA_DIR', '', /^[^\0\n]*$/, 'a directory path')
  });
}

const ROLES_PATTERN = new RegExp(`^((${PROCESS_ROLES.join('|')})(,(${PROCESS_ROLES.join('|')}))*)?$`);
const readRoles = (list: string): ProcessRole[] => [...new Set(list.split(',').filter(Boolean) as ProcessRole[])];

let cached: WebConfig | undefined;

/** The process's config, read from process.env on first use. */
export function loadWebConfig(): WebConfig {
  cached ??= parseWebConfig(process.env);
  return cached;
}
