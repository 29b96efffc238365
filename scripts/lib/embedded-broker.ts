import net from 'node:net';
import { Aedes } from 'aedes';
import { aedesAuthOptions, createBrokerPolicy } from './broker-auth';
import { LOOPBACK } from './free-port';
import type { MqttCredential } from './mqtt-acl';

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * An in-process aedes MQTT broker for `npm start` without MQTT_URL: zero setup for a demo, but not
 * open: only the given credentials connect, each under the ACL of its role (broker-auth.ts).
 * Production points MQTT_URL at Mosquitto (or another broker) instead.
 */
export async function startEmbeddedBroker(port: number, credentials: readonly MqttCredential[]): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker(aedesAuthOptions(createBrokerPolicy(credentials)));
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  return {
    url: `mqtt://${LOOPBACK}:${port}`,
    port,
    async close() {
      // Connected clients keep the server open: aedes.close() ends them, then the listener closes.
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}
