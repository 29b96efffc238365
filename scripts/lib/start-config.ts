import path from 'node:path';
import { readChoiceEnv, readFlagEnv, readIntEnv, readMqttUrlEnv, readPatternEnv, type Env } from '../../src/lib/schemas/env';

/** `npm start`'s settings, read once from the environment, validated and frozen. */
export interface StartConfig {
  /** An external broker; when absent an embedded aedes broker runs in the start process. */
  mqttUrl: string | undefined;
  /**
   * Which local broker to run when MQTT_URL is unset (PANTAU_BROKER): `aedes` (default: embedded in the
   * start process, zero setup, MQTT 3.1.1, in-memory sessions) or `mosquitto` (managed, MQTT 5, sessions
   * persisted under the data dir: what production looks like).
   */
  broker: 'mosquitto' | 'aedes';
  /** Port for the local broker: 1883 when free, else any free one (unless MQTT_PORT is set). */
  mqttPort: number | undefined;
  /** An external InfluxDB; when absent a managed influxd runs with its data under dataDir. */
  influxUrl: string | undefined;
  influxDb: string;
  /** An external PostgreSQL (DATABASE_URL) for the sensor registry; when absent a managed one runs under dataDir. */
  databaseUrl: string | undefined;
  /** Web port: PORT, else 3000 when free, else any free one. */
  webPort: number | undefined;
  webHost: string;
  simulate: boolean;
  dataDir: string;
}

export const DEFAULT_MQTT_PORT = 1883;
export const DEFAULT_WEB_PORT = 3000;

/** Unset: the start script picks 1883 / 3000 when free, else any free port. */
function readPort(env: Env, key: string): number | undefined {
  return env[key] ? readIntEnv(env, key, 0, 1, 65535) : undefined;
}

export function parseStartConfig(env: Record<string, string | undefined>, cwd: string): StartConfig {
  return Object.freeze({
    // Unset: the start script runs its own broker, InfluxDB and PostgreSQL.
    mqttUrl: env.MQTT_URL ? readMqttUrlEnv(env) : undefined,
    broker: readChoiceEnv(env, 'PANTAU_BROKER', 'aedes', ['aedes', 'mosquitto'] as const),
    mqttPort: readPort(env, 'MQTT_PORT'),
    influxUrl: readPatternEnv(env, 'INFLUX_URL', '', /^https?:\/\/\S+/, 'http(s)://host:port', true) || undefined,
    influxDb: env.INFLUX_DB || 'pantau',
    databaseUrl: readPatternEnv(env, 'DATABASE_URL', '', /^postgres(ql)?:\/\/\S+/, 'postgres://user:password@host:port/database', true) || undefined,
    webPort: readPort(env, 'PORT'),
    webHost: env.HOST || '127.0.0.1',
    simulate: readFlagEnv(env, 'PANTAU_SIMULATE', true),
    dataDir: path.resolve(cwd, env.PANTAU_DATA_DIR || '.data')
  });
}
