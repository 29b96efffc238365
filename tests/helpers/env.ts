/**
 * The shared services that `npm test` (scripts/test.ts) starts for the whole run.
 * Tests use their own database (uniqueDb) so files never see each other's data.
 */
export interface TestServices {
  influxUrl: string;
  mqttUrl: string;
  /** Mosquitto's data dir, when a test needs to know where persistence lives. */
  mqttDataDir: string | undefined;
}

export function readTestServices(env: NodeJS.ProcessEnv = process.env): TestServices {
  const influxUrl = env.PANTAU_TEST_INFLUX_URL;
  const mqttUrl = env.PANTAU_TEST_MQTT_URL;
  const missing = [!influxUrl && 'PANTAU_TEST_INFLUX_URL', !mqttUrl && 'PANTAU_TEST_MQTT_URL'].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(' and ')} not set: integration and e2e tests need the services that \`npm test\` starts. ` +
        'Run them with `npm test -- <path>` instead of calling vitest directly.'
    );
  }
  return Object.freeze({ influxUrl: influxUrl!, mqttUrl: mqttUrl!, mqttDataDir: env.PANTAU_TEST_MQTT_DATA_DIR });
}

let counter = 0;

/** A database name no other test file or run uses: prefix, pid, time, counter (InfluxDB-safe characters). */
export function uniqueDb(prefix: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 24);
  counter += 1;
  return `${safe}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}
