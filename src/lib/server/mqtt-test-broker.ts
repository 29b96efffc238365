import net, { type AddressInfo } from 'node:net';
import { Aedes, type AedesOptions } from 'aedes';

/**
 * For tests: an in-process MQTT broker (aedes, the one `npm start` embeds; open unless `options` say otherwise) on a
 * free loopback port. Its close is pushed to `cleanups` (broker first: it ends the clients, then the listener).
 * `setup` sees the broker before any client does (a listener for its acks).
 */
export async function startTestBroker(
  cleanups: (() => Promise<unknown>)[],
  options: AedesOptions = {},
  setup: (broker: Aedes) => void = () => undefined
): Promise<{ url: string; port: number }> {
  const broker = await Aedes.createBroker(options);
  setup(broker);
  const server = net.createServer(broker.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(async () => {
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  });
  const port = (server.address() as AddressInfo).port;
  return { url: `mqtt://127.0.0.1:${port}`, port };
}
