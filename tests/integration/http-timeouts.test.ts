/**
 * The production server's own timeouts (src/lib/server/http-timeouts.ts) over real sockets, set short here
 * (headers 1 s, a whole request 2 s): a client trickling its headers is cut with a 408, while a normal client,
 * a Socket.IO long-poll held past the request timeout and an upgraded websocket stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/core/events';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { startWeb, type TestWeb } from '../helpers/web';

const services = readTestServices();
const db = uniqueDb('http_timeouts');
const REQUEST_TIMEOUT_MS = 2_000;
let web: TestWeb;
const clients: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  web = await startWeb({ db, env: { HOST: '127.0.0.1', PANTAU_HTTP_HEADERS_TIMEOUT_S: '1', PANTAU_HTTP_REQUEST_TIMEOUT_S: String(REQUEST_TIMEOUT_MS / 1000) } });
}, 90_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await web?.stop();
  await dropDatabase(services.influxUrl, db);
});

/** Sends `request` one byte every `gapMs` on a raw socket; what came back and when the server closed it. */
function trickle(request: string, gapMs: number): Promise<{ answer: string; closedAfterMs: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(web.port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < request.length) socket.write(request[sent++]);
    }, gapMs);
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started, sent });
    });
  });
}

/**
 * A POST whose body the route never reads (a 403 before any of it is looked at), then a GET on the same
 * connection once the body is written and the answer is in: the statuses, and whether the server closed it first.
 */
function postUnreadThenGet(bytes: number): Promise<{ statuses: string[]; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(web.port, '127.0.0.1');
    let text = '';
    let bodySent = false;
    let getSent = false;
    const statuses = () => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    const sendGet = () => {
      if (getSent || !bodySent || statuses().length === 0) return;
      getSent = true;
      socket.write('GET /api/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    };
    const finish = (closed: boolean) => {
      socket.destroy();
      resolve({ statuses: statuses(), closed });
    };
    socket.on('data', (d) => {
      text += d.toString('latin1');
      sendGet();
      if (statuses().length === 2) finish(false);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.write(`POST /api/registry/sensors HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${web.url}\r\ncontent-type: application/json\r\ncontent-length: ${bytes}\r\n\r\n`);
    setTimeout(() => socket.write('x'.repeat(bytes), () => ((bodySent = true), sendGet())), 20);
  });
}

describe('HTTP server timeouts (scripts/web.ts)', () => {

  it('cuts a client sending its headers slower than the headers timeout, with a 408, and serves a normal one', async () => {
    const request = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris-${'x'.repeat(40)}\r\n\r\n`;
    // ~80 bytes at 100 ms each would take 8 s: was held for Node's 60 s.
    const slow = await trickle(request, 100);
    expect(slow.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(slow.sent).toBeLessThan(request.length);
    expect(slow.closedAfterMs).toBeLessThan(4_000);
    // The same request sent at once is answered.
    const normal = await fetch(`${web.url}/api/health`);
    expect(normal.status).toBe(200);
    expect(((await normal.json()) as { ok?: unknown }).ok).toBeDefined();
    // A body sent in pieces that end within the request timeout is read whole.
    const pieces = new ReadableStream<Uint8Array>({
      async start(c) {
        for (const part of ['{"user":"nobody",', '"password":"x"}']) {
          c.enqueue(new TextEncoder().encode(part));
          await sleep(500);
        }
        c.close();
      }
    });
    const login = await fetch(`${web.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: web.url }, body: pieces, duplex: 'half' } as RequestInit);
    expect(((await login.json()) as { code: string }).code).not.toBe('BAD_JSON');
  }, 20_000);

  it('never cuts a long-poll or a websocket held past the request timeout', async () => {
    const connectWith = (transport: 'polling' | 'websocket') => {
      const client: Socket<ServerToClientEvents, ClientToServerEvents> = io(web.url, { transports: [transport], reconnection: false });
      clients.push(client);
      const closed: string[] = [];
      client.on('disconnect', (reason) => closed.push(reason));
      return new Promise<{ client: typeof client; closed: string[] }>((resolve, reject) => {
        client.once('snapshot', () => resolve({ client, closed }));
        client.once('connect_error', reject);
      });
    };
    const [polling, websocket] = await Promise.all([connectWith('polling'), connectWith('websocket')]);
    expect(websocket.client.io.engine.transport.name).toBe('websocket');
    expect(polling.client.io.engine.transport.name).toBe('polling');
    // Long-poll GETs wait here with no answer for longer than the request timeout.
    await sleep(REQUEST_TIMEOUT_MS * 2.5);
    for (const { client, closed } of [polling, websocket]) {
      expect(closed).toEqual([]);
      expect(client.connected).toBe(true);
      // Still carrying messages both ways.
      const reply = await client.timeout(5_000).emitWithAck('alerts:since', 0);
      expect(Array.isArray(reply)).toBe(true);
    }
  }, 30_000);

  it('answers the next request on a keep-alive connection at once after refusing a body it never read', async () => {
    // The route loaded first: a cold first answer on this shared machine can outlast the 2-s request timeout set here.
    const warm = await fetch(`${web.url}/api/registry/sensors`, { method: 'POST', headers: { 'content-type': 'application/json', origin: web.url }, body: '{}' });
    expect(warm.status).toBe(403);
    // 400 KB, under the 512 KB the route takes: left unread it stalled the connection until the keep-alive reset (~6 s)
    expect(await postUnreadThenGet(400_000)).toEqual({ statuses: ['403', '200'], closed: false });
  }, 20_000);
});
