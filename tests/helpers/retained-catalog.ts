import mqtt from 'mqtt';
import { TOPICS } from '../../src/lib/core/topic';

/**
 * Clears the registry catalog a command center published retained on the shared test broker, so the
 * next test file (and its ingest or web) starts without one.
 */
export async function clearRetainedCatalog(mqttUrl: string): Promise<void> {
  const client = await mqtt.connectAsync(mqttUrl);
  await client.publishAsync(TOPICS.registryCatalog, '', { retain: true, qos: 1 });
  await client.endAsync();
}
