/**
 * Hands the registry's catalog to processes that do not read PostgreSQL (the ingest): a retained
 * MQTT message `{version, catalog}` on TOPICS.registryCatalog, published at start and on every new
 * version. Retained, so a process that starts later gets the current catalog at once. Several
 * command centers publish the same versions; readers keep the highest version they have seen.
 */
import { TOPICS } from '../../core/topic';
import { connectWebMqtt } from '../mqtt-connect';
import type { MqttConfig } from '../config';
import type { Registry, RegistrySnapshot } from './service';

export interface RegistryCatalogMessage {
  version: number;
  catalog: RegistrySnapshot['catalog'];
}

export interface CatalogPublisher {
  close(): Promise<void>;
}

export function startCatalogPublisher(config: MqttConfig, registry: Registry, log: (m: string) => void = (m) => console.log(`[registry] ${m}`)): CatalogPublisher {
  const client = connectWebMqtt(config, 'registry');
  let published = -1;
  const publish = (s: RegistrySnapshot) => {
    if (!client.connected || s.version === published) return;
    const message: RegistryCatalogMessage = { version: s.version, catalog: s.catalog };
    client.publish(TOPICS.registryCatalog, JSON.stringify(message), { qos: 1, retain: true }, (err) => {
      if (err) log(`publishing registry catalog v${s.version} failed: ${err.message}`);
    });
    published = s.version;
  };
  // On every (re)connect: the broker may have restarted without persistence and lost the retained copy.
  client.on('connect', () => {
    published = -1;
    publish(registry.current());
  });
  client.on('error', (err) => log(`registry MQTT: ${err.message}`));
  const stop = registry.onChange(publish);
  return {
    async close() {
      stop();
      await client.endAsync();
    }
  };
}
