import type { AedesOptions } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/lib/core/topic';
import { startTestBroker } from '../../src/lib/server/mqtt-test-broker';
import { createMqttSource } from './mqtt';

const N = 4000;
const SENSOR_TOPIC = TOPICS.sensorsFilter.replace('+', 'air').replace('+', 'a1');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An in-process broker (aedes, the one `npm start` embeds) that reports every sensor PUBACK it receives. */
async function startBroker(onAck: (payload: string) => void, options: AedesOptions = {}): Promise<string> {
  const { url } = await startTestBroker(cleanups, options, (broker) =>
    broker.on('ack', (packet) => {
      if (packet && 'payload' in packet && packet.topic === SENSOR_TOPIC) onAck(String(packet.payload));
    })
  );
  return url;
}

/**
 * The ingest's shutdown as main.ts runs it: the source closes, then the sink. The sink is modelled as
 * the real one behaves: lines handed to it before it closed become durable at the next group commit
 * (beforeAck); once closed it refuses new lines while its group commit still reports "nothing held".
 */
async function shutDownMidStream(url: string, beforeClose: (client: mqtt.MqttClient) => void = () => undefined) {
  const staged: string[] = [];
  const durable = new Set<string>();
  let sinkClosed = false;
  let handled = 0;
  let resolveReached!: () => void;
  const reached = new Promise<void>((r) => (resolveReached = r));
  const source = createMqttSource({
    url,
    username: '',
    password: '',
    clientId: 'ingest-close-test',
    protocolVersion: 4,
    shareGroup: '',
    onReading(_topic, payload) {
      if (!sinkClosed) staged.push(String(payload));
      if (++handled === N / 4) resolveReached();
      return undefined;
    },
    onAlertEvent: () => undefined,
    beforeAck() {
      for (const id of staged.splice(0)) durable.add(id);
      return true;
    },
    ackBatchMs: 5,
    log: () => undefined
  });
  await new Promise<void>((r) => source.client.once('connect', () => setTimeout(r, 200)));
  // A backlog the broker streams as fast as it can: messages keep arriving while the connection ends.
  const fleet = await mqtt.connectAsync(url, { clientId: 'close-test-fleet' });
  cleanups.push(() => fleet.endAsync(true));
  for (let i = 0; i < N; i++) void fleet.publishAsync(SENSOR_TOPIC, `m${i}`, { qos: 1 }).catch(() => undefined);
  await reached;
  beforeClose(source.client);
  await source.close();
  sinkClosed = true;
  // Sensors keep publishing; whatever the socket still carries reaches the broker meanwhile.
  for (let i = N; i < N + N / 4; i++) void fleet.publishAsync(SENSOR_TOPIC, `m${i}`, { qos: 1 }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 500));
  cleanups.push(async () => source.client.end(true));
  return durable;
}

describe('MQTT source close (SIGTERM)', () => {
  it('acknowledges only messages whose lines were made durable, also those arriving while the connection ends', { timeout: 30_000 }, async () => {
    const acked: string[] = [];
    const durable = await shutDownMidStream(await startBroker((id) => acked.push(id)));
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.filter((id) => !durable.has(id))).toEqual([]);
  });

  it('takes and acknowledges nothing after close() returned, when the broker never confirms our own QoS 1 publish', { timeout: 30_000 }, async () => {
    const acked: string[] = [];
    // The broker keeps our dead letter unconfirmed: a clean DISCONNECT waits for it (MQTT.js), so close() gives up.
    const url = await startBroker((id) => acked.push(id), {
      authorizePublish: (client, packet, done) => (client?.id === 'ingest-close-test' && packet.topic === TOPICS.deadLetter ? undefined : done(null))
    });
    const durable = await shutDownMidStream(url, (client) => void client.publish(TOPICS.deadLetter, 'bad payload', { qos: 1 }));
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.filter((id) => !durable.has(id))).toEqual([]);
  });
});
