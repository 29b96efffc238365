import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from './channels/http-json';
import { createFetchSend } from './worker';
import { MAX_ANSWER_BYTES, readCapped } from './read-capped';

const HUGE_BYTES = 64 * 1024 * 1024;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A receiver answering 200 with a 64 MiB body (written as the client takes it), with or without a length header.
 * `ended()` resolves when the response's connection is over: `finished` says whether every byte was taken.
 */
async function hugeAnswerServer(withLength: boolean) {
  let ended!: (finished: boolean) => void;
  const done = new Promise<boolean>((r) => (ended = r));
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const server = http.createServer((req, res: ServerResponse) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', ...(withLength ? { 'content-length': String(HUGE_BYTES) } : {}) });
    let sent = 0;
    const pump = () => {
      while (sent < HUGE_BYTES) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.once('close', () => ended(res.writableFinished));
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, ended: () => done };
}

describe('answers of providers and webhook receivers are read up to a bound', () => {
  it.each([true, false])('a provider answering 64 MiB (length header: %s): judged by its status, the rest never read', async (withLength) => {
    const receiver = await hugeAnswerServer(withLength);
    const reply = await postJson(receiver.url, { text: 'x' }, { timeoutMs: 60_000, secrets: [] });
    expect(reply).toEqual({ ok: true, status: 200, retryAfter: null, answer: {} });
    expect(await receiver.ended()).toBe(false);
  });

  it('a webhook receiver answering 64 MiB: the delivery is judged by its status, the rest never read', async () => {
    const receiver = await hugeAnswerServer(false);
    const answer = await createFetchSend(60_000)(receiver.url, {}, '{}');
    expect(answer.status).toBe(200);
    expect(await receiver.ended()).toBe(false);
  });

  it('a small answer is read whole, and one past the bound by a byte is not', async () => {
    const body = 'x'.repeat(MAX_ANSWER_BYTES);
    expect(new TextDecoder().decode((await readCapped(new Response(body)))!)).toBe(body);
    expect(await readCapped(new Response(body + 'y'))).toBeNull();
    expect((await readCapped(new Response(null)))?.byteLength).toBe(0);
  });
});
