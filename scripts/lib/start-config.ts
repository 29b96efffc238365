import path from 'node:path';
import { PantauError } from '../../src/lib/core/errors';

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

function parsePort(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new PantauError(`CONFIG_${name}`, `${name} must be a port number 1–65535, got "${value}"`);
  }
  return port;
}

export function parseStartConfig(env: Record<string, string | undefined>, cwd: string): StartConfig {
  const mqttUrl = env.MQTT_URL || undefined;
  if (mqttUrl && !/^(mqtts?|wss?|tcp):\/\//.test(mqttUrl)) {
    throw new PantauError('CONFIG_MQTT_URL', `MQTT_URL must be mqtt://host:port (or mqtts, ws, wss), got "${mqttUrl}"`);
  }
  const influxUrl = env.INFLUX_URL || undefined;
  if (influxUrl && !/^https?:\/\/\S+/.test(influxUrl)) {
    throw new PantauError('CONFIG_INFLUX_URL', `INFLUX_URL must be http(s)://host:port, got "${influxUrl}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/\S+/.test(databaseUrl)) {
    throw new PantauError('CONFIG_DATABASE_URL', 'DATABASE_URL must be postgres://user:password@host:port/database');
  }
  const broker = env.PANTAU_BROKER || 'aedes';
  if (broker !== 'mosquitto' && broker !== 'aedes') {
    throw new PantauError('CONFIG_PANTAU_BROKER', 'PANTAU_BROKER must be aedes or mosquitto');
  }
  const simulate = env.PANTAU_SIMULATE ?? '1';
  if (simulate !== '0' && simulate !== '1') throw new PantauError('CONFIG_PANTAU_SIMULATE', 'PANTAU_SIMULATE must be 0 or 1');
  return Object.freeze({
    mqttUrl,
    broker,
    mqttPort: parsePort('MQTT_PORT', env.MQTT_PORT),
    influxUrl,
    influxDb: env.INFLUX_DB || 'pantau',
    databaseUrl,
    webPort: parsePort('PORT', env.PORT),
    webHost: env.HOST || '127.0.0.1',
    simulate: simulate === '1',
    dataDir: path.resolve(cwd, env.PANTAU_DATA_DIR || '.data')
  });
}
