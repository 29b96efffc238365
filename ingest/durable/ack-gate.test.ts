import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAckGate } from './ack-gate';

/** A loopback TCP pair: what the client writes arrives in `received` on the server side. */
async function socketPair(): Promise<{ client: Socket; received: () => string; close(): void }> {
  let data = '';
  let serverSide: Socket | undefined;
  const server = createServer((s) => {
    serverSide = s;
    s.on('data', (c) => (data += c.toString()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await new Promise<void>((r) => client.once('connect', r));
  return {
    client,
    received: () => data,
    close: () => {
      client.destroy();
      serverSide?.destroy();
      server.close();
    }
  };
}

const turn = () => new Promise((r) => setImmediate(r));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('ack gate (group commit of PUBACKs)', () => {
  it('lets the turn’s acknowledgements out only after the journal took the turn’s lines', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    const order: string[] = [];
    const gate = createAckGate({
      stream: () => pair.client,
      beforeAck: () => {
        order.push(`sync with ${pair.received().length} bytes on the wire`);
        return true;
      },
      log: () => undefined
    });
    for (const ack of ['a1', 'a2', 'a3']) {
      gate.hold();
      pair.client.write(ack);
    }
    await wait(30);
    expect(pair.received()).toBe('a1a2a3');
    expect(order).toEqual(['sync with 0 bytes on the wire']);
  });

  it('withholds acknowledgements while the journal refuses, and releases them once it accepts', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    let accept = false;
    const logs: string[] = [];
    const gate = createAckGate({ stream: () => pair.client, beforeAck: () => accept, log: (m) => logs.push(m) });
    gate.hold();
    pair.client.write('ack');
    await turn();
    await wait(50);
    expect(pair.received()).toBe('');
    expect(logs[0]).toMatch(/ACK_WITHHELD/);
    accept = true;
    await wait(1200);
    expect(pair.received()).toBe('ack');
    expect(logs.at(-1)).toMatch(/PUBACKs released/);
  });

  it('gates a new connection’s stream too (reconnect while a turn is open)', async () => {
    const first = await socketPair();
    const second = await socketPair();
    cleanups.push(first.close, second.close);
    let current = first.client;
    let syncs = 0;
    const gate = createAckGate({ stream: () => current, beforeAck: () => (syncs++, true), log: () => undefined });
    gate.hold();
    first.client.write('old');
    current = second.client;
    gate.hold();
    second.client.write('new');
    await wait(10);
    expect(syncs).toBe(1);
    await wait(30);
    expect([first.received(), second.received()]).toEqual(['old', 'new']);
  });
});
