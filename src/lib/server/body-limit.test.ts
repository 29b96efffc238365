import { describe, expect, it } from 'vitest';
import { bodyLimitFor, bodyTooLarge, DEFAULT_BODY_BYTES, IMPORT_BODY_BYTES, bodyTooLargeFrom, parseBodySizeLimit, refuseDeclaredBody, SERVER_BODY_BYTES } from './body-limit';
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
});
