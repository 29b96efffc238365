import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { SequencedAlertEvent } from '../core/events';
import { createSocketHub, MAX_SINCE_EVENTS, type SocketHub } from './socket-hub';
import { MAX_SINCE_BYTES, newestWithin } from './since-page';
import { testAlert, testEvent } from './alert-fixtures';

const open: { hub: SocketHub; server: http.Server; client: Socket }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.client.close();
    await o.hub.close();
    o.server.close();
  }
});

/** 300 events of one alert with a long comment thread: ≈ 100 kB each, as JSON. */
function longThreadEvents(): SequencedAlertEvent[] {
  const comments = Array.from({ length: 100 }, (_, i) => ({ by: 'sari', at: i, text: 'c'.repeat(1_000) }));
  return Array.from({ length: 300 }, (_, i) => ({ ...testEvent('commented', { ...testAlert('a1', 1_000 + i), comments }), seq: i + 1 }));
}

describe('alerts:since', () => {
  it("answers an anonymous screen with the newest events up to about 1 MiB, not 200 of an incident's long threads", async () => {
    const events = longThreadEvents();
    expect(JSON.stringify(events.slice(-MAX_SINCE_EVENTS)).length).toBeGreaterThan(15 * MAX_SINCE_BYTES);
    const server = http.createServer();
    const hub = createSocketHub({
      identify: () => ({ user: 'anonymous', role: 'anonymous' }),
      limits: { maxAnonymous: 10, maxAnonymousPerAddress: 10, maxStaff: 10 },
      addressOf: (h) => h.address,
      snapshot: () => ({ serverTime: Date.now(), readings: [], alerts: [], lastEventSeq: events.length }),
      since: (seq) => events.filter((e) => e.seq > seq),
      act: async () => ({ ok: false, error: 'x' })
    });
    hub.attach(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const client = connect(`http://127.0.0.1:${(server.address() as { port: number }).port}`, { transports: ['websocket'], reconnection: false });
    open.push({ hub, server, client });
    await new Promise<void>((r) => client.once('snapshot', () => r()));
    const reply: SequencedAlertEvent[] = await client.timeout(10_000).emitWithAck('alerts:since', 0);
    expect(JSON.stringify(reply).length).toBeLessThanOrEqual(MAX_SINCE_BYTES + reply.length);
    // the newest, in order and without a hole: the client sees where its gap begins and takes the snapshot
    expect(reply.length).toBeGreaterThan(0);
    expect(reply.at(-1)!.seq).toBe(300);
    expect(reply.map((e) => e.seq)).toEqual(Array.from({ length: reply.length }, (_, i) => 301 - reply.length + i));
  });

  it('newestWithin keeps the newest one whatever its size, then older ones while they fit, oldest first', () => {
    const texts = ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(50)];
    expect(newestWithin(texts, 10, 30)).toEqual(['c'.repeat(50)]);
    expect(newestWithin(texts, 10, 100)).toEqual(texts);
    expect(newestWithin(texts, 2, 1_000)).toEqual(texts.slice(1));
    expect(newestWithin(texts, 10, 70)).toEqual(texts.slice(1));
    expect(newestWithin([], 10, 70)).toEqual([]);
  });
});
