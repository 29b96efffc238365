import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureLocalBrokerCredentials } from './broker-auth';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker';
import { findFreePort } from './free-port';
import { MAX_PACKET_BYTES } from './mqtt-acl';

const TOPIC = 'pantau/v1/sensors/flood/flood-kp3';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pantau-aedes-'));
const creds = ensureLocalBrokerCredentials(tmp);
const open: { broker?: EmbeddedBroker; clients: MqttClient[] } = { clients: [] };

afterEach(async () => {
  await Promise.all(open.clients.splice(0).map((c) => c.endAsync(true)));
  await open.broker?.close();
  open.broker = undefined;
});

async function start(maxQueuedPerClient: number, log: (l: string) => void) {
  const port = await findFreePort();
  open.broker = await startEmbeddedBroker(port, creds.all, { maxQueuedPerClient, log });
  return open.broker.url;
}

async function connectIngest(url: string): Promise<{ client: MqttClient; received: number[] }> {
  const received: number[] = [];
  const client = mqtt.connect(url, { clientId: 'pantau-ingest', clean: false, protocolVersion: 4, username: creds.ingest.username, password: creds.ingest.password });
  // Listening before the CONNACK: a resumed session's backlog arrives right after it.
  client.on('message', (_t, payload) => received.push(JSON.parse(payload.toString()).values.water_level));
  await new Promise<void>((resolve, reject) => (client.once('connect', () => resolve()), client.once('error', reject)));
  open.clients.push(client);
  return { client, received };
}

async function publish(url: string, from: number, count: number): Promise<void> {
  const sim = await mqtt.connectAsync(url, { protocolVersion: 4, username: creds.simulator.username, password: creds.simulator.password });
  open.clients.push(sim);
  const sends = Array.from({ length: count }, (_, i) => sim.publishAsync(TOPIC, JSON.stringify({ ts: Date.now(), values: { water_level: from + i } }), { qos: 1 }));
  await Promise.all(sends);
}

const settled = async (received: number[], expected: number) => {
  for (let waited = 0; waited < 10_000 && received.length < expected; waited += 50) await new Promise((r) => setTimeout(r, 50));
  // A little longer: anything beyond `expected` would show up now.
  await new Promise((r) => setTimeout(r, 300));
};

describe('the embedded broker queue for an absent persistent session', () => {
  it('keeps only the newest messages per client, in order, and logs the drops', async () => {
    const lines: string[] = [];
    const url = await start(50, (l) => lines.push(l));
    const first = await connectIngest(url);
    await first.client.subscribeAsync('pantau/v1/sensors/#', { qos: 1 });
    await first.client.endAsync();
    open.clients.splice(open.clients.indexOf(first.client), 1);

    await publish(url, 0, 200);
    const back = await connectIngest(url);
    await settled(back.received, 50);
    expect(back.received).toEqual(Array.from({ length: 50 }, (_, i) => 150 + i));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('pantau-ingest');
    expect(lines[0]).toContain('dropping the oldest');
  });

  it('delivers everything to a connected client even when more are in flight than the bound', async () => {
    const lines: string[] = [];
    const url = await start(20, (l) => lines.push(l));
    const ingest = await connectIngest(url);
    await ingest.client.subscribeAsync('pantau/v1/sensors/#', { qos: 1 });
    await publish(url, 0, 300);
    await settled(ingest.received, 300);
    expect(ingest.received.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    // Acknowledged messages leave the queue: nothing is queued for the next session.
    await ingest.client.endAsync();
    open.clients.splice(open.clients.indexOf(ingest.client), 1);
    const again = await connectIngest(url);
    await settled(again.received, 0);
    expect(again.received).toEqual([]);
  });
});

describe('the embedded broker and oversize packets', () => {
  it('ends the connection of a client publishing past max_packet_size; the broker and the other clients carry on', async () => {
    const lines: string[] = [];
    const url = await start(1000, (l) => lines.push(l));
    const ingest = await connectIngest(url);
    await ingest.client.subscribeAsync('pantau/v1/sensors/#', { qos: 1 });
    const big = await mqtt.connectAsync(url, { protocolVersion: 4, username: creds.simulator.username, password: creds.simulator.password, reconnectPeriod: 0 });
    open.clients.push(big);
    big.on('error', () => undefined); // the write of the body fails once the broker has hung up
    const closed = new Promise<void>((r) => big.once('close', () => r()));
    big.publish(TOPIC, Buffer.alloc(MAX_PACKET_BYTES + 1, 0x20), { qos: 0 });
    await closed;
    expect(lines.some((l) => l.includes(`more than ${MAX_PACKET_BYTES}`))).toBe(true);
    await publish(url, 7, 1);
    await settled(ingest.received, 1);
    expect(ingest.received).toEqual([7]);
    expect(ingest.client.connected).toBe(true);
  });

  it('hangs up on a header announcing 200 MB before any of it is sent, even before CONNECT is authenticated', async () => {
    const url = await start(1000, () => undefined);
    const socket = net.connect(Number(new URL(url).port), new URL(url).hostname);
    socket.on('error', () => undefined);
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
    const sentAt = Date.now();
    // CONNECT with a remaining length of 200 000 000 (base-128, low group first): the body never follows.
    socket.write(Buffer.from([0x10, 0x80, 0x84, 0xaf, 0x5f]));
    // was: the broker waited for the 200 MB, holding what came in
    expect((await closed) - sentAt).toBeLessThan(2_000);
  });
});

process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
