import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { bodyLimitFor, bodyTooLarge, capUndeclaredBody, DEFAULT_BODY_BYTES, IMPORT_BODY_BYTES, bodyTooLargeFrom, parseBodySizeLimit, refuseDeclaredBody, SERVER_BODY_BYTES } from './body-limit';
import { MAX_IMPORT_BYTES } from './registry/parse-import';

const post = (length: number | null) => new Request('http://x/', { method: 'POST', headers: length === null ? {} : { 'content-length': String(length) } });

describe('body limits', () => {
  it('give the import room for a whole file of MAX_IMPORT_BYTES as a JSON string, and the server the largest route limit', () => {
    const csvLine = 'flood-x,flood,"Pos ""Hulu""",Samarinda Ulu,-0.5,117.1,60\n';
    const content = csvLine.repeat(Math.floor(MAX_IMPORT_BYTES / csvLine.length));
    const body = JSON.stringify({ format: 'csv', reason: 'a whole district at once', content });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(IMPORT_BODY_BYTES);
    expect(bodyLimitFor('/api/registry/import')).toBe(IMPORT_BODY_BYTES);
    expect(bodyLimitFor('/api/auth/login')).toBe(DEFAULT_BODY_BYTES);
    expect(SERVER_BODY_BYTES).toBe(IMPORT_BODY_BYTES);
  });

  it('refuse a declared length over the route limit with a 413 in both languages; a fitting or undeclared one passes', async () => {
    expect(await refuseDeclaredBody(post(DEFAULT_BODY_BYTES), '/api/auth/login')).toBeNull();
    expect(await refuseDeclaredBody(post(null), '/api/auth/login')).toBeNull();
    expect(await refuseDeclaredBody(post(1_000_000), '/api/registry/import')).toBeNull();
    const refused = (await refuseDeclaredBody(post(1_000_000), '/api/auth/login'))!;
    expect(refused.status).toBe(413);
    const body = await refused.json();
    expect(body).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(body.errors).toEqual(['Permintaan terlalu besar: paling banyak 0,5 MB (terkirim 1,0 MB).', 'Request too large: at most 0.5 MB (1.0 MB sent).']);
    expect((await bodyTooLarge(IMPORT_BODY_BYTES).json()).errors[1]).toBe('Request too large: at most 6.0 MB.');
  });

  it('read BODY_SIZE_LIMIT as adapter-node does', () => {
    expect([parseBodySizeLimit('512K'), parseBodySizeLimit('6m'), parseBodySizeLimit('1000'), parseBodySizeLimit('Infinity')]).toEqual([524_288, 6_291_456, 1000, Infinity]);
  });

  it("turn adapter-node's refusal of a body cut while read into the same 413, with the limit it names", async () => {
    const cut = bodyTooLargeFrom(Object.assign(new Error('request body size exceeded BODY_SIZE_LIMIT of 524288'), { status: 413 }))!;
    expect(cut.status).toBe(413);
    expect((await cut.json()).errors).toEqual(['Permintaan terlalu besar: paling banyak 0,5 MB.', 'Request too large: at most 0.5 MB.']);
    const unnamed = bodyTooLargeFrom(Object.assign(new Error('Payload Too Large'), { status: 413 }))!;
    expect((await unnamed.json()).errors[1]).toBe('Request too large for this server.');
    expect(bodyTooLargeFrom(new SyntaxError('Unexpected token'))).toBeNull();
    expect(bodyTooLargeFrom(null)).toBeNull();
  });

  it('hold a body sent without a length (chunked) to its route limit as it is read, with the same 413', async () => {
    /** `bytes` of JSON (a string padded with spaces) as a stream of 64 KB pieces, with no Content-Length. */
    const chunked = (bytes: number) => {
      const text = new TextEncoder().encode(JSON.stringify({ user: 'eko', password: 'x' }).padEnd(bytes, ' '));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent >= text.length) return c.close();
          c.enqueue(text.subarray(sent, sent + 65_536));
          sent += 65_536;
        }
      });
      const request = new Request('http://x/', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      return { request, read: () => sent };
    };
    const big = chunked(DEFAULT_BODY_BYTES + 100_000);
    // was: read whole up to BODY_SIZE_LIMIT (6 MB), whatever the route
    const err = await capUndeclaredBody(big.request, '/api/auth/login').json().catch((e: unknown) => e);
    // What SvelteKit answers 413 when a route lets it escape; was a plain Error, answered 500 with its stack logged.
    expect(isHttpError(err, 413)).toBe(true);
    const refused = bodyTooLargeFrom(err)!;
    expect(refused.status).toBe(413);
    expect((await refused.json()).errors[1]).toBe('Request too large: at most 0.5 MB.');
    // The rest is read and dropped, so a client still sending gets its answer.
    await new Promise((r) => setTimeout(r, 50));
    expect(big.read()).toBeGreaterThanOrEqual(DEFAULT_BODY_BYTES + 100_000);
    expect(await capUndeclaredBody(chunked(DEFAULT_BODY_BYTES).request, '/api/auth/login').json()).toEqual({ user: 'eko', password: 'x' });
    expect(await capUndeclaredBody(chunked(2_000_000).request, '/api/registry/import').json()).toEqual({ user: 'eko', password: 'x' });
    const declared = new Request('http://x/', { method: 'POST', headers: { 'content-length': '2' }, body: '{}' });
    expect(capUndeclaredBody(declared, '/api/auth/login')).toBe(declared);
  });
});
