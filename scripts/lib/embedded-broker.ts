import net from 'node:net';
import { Aedes } from 'aedes';
import { LOOPBACK } from './free-port';

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * An in-process aedes MQTT broker for `npm start` without MQTT_URL: zero setup for a demo.
 * Production points MQTT_URL at Mosquitto (or another broker) instead.
 */
export async function startEmbeddedBroker(port: number): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
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
