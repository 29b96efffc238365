import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureLocalBrokerCredentials } from './broker-auth';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker';
import { findFreePort } from './free-port';

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

process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
