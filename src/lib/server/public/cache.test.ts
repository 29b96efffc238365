import { describe, expect, it } from 'vitest';
import { acceptsGzip, cachedResponse, createJsonCache, tooManyRequests } from './cache';
import { ifNoneMatchHits } from '../conditional';
import { createKeyedBuckets } from '../rate-budget';

describe('createJsonCache', () => {
  it('builds once per interval and again after it (or when the clock goes back)', () => {
    let builds = 0;
    const cache = createJsonCache((now) => ({ n: ++builds, now }), 5_000);
    const first = cache.get(10_000);
    expect(cache.get(14_999)).toBe(first);
    expect(builds).toBe(1);
    expect(cache.get(15_000).body).toBe('{"n":2,"now":15000}');
    expect(cache.get(1_000).body).toBe('{"n":3,"now":1000}');
  });
});

describe('cachedResponse', () => {
  const cache = createJsonCache(() => ({ a: 1 }), 5_000);
  const entry = cache.get(0);

  it('answers 200 with the body, an ETag and what is left of the interval as max-age', () => {
    const r = cachedResponse(entry, null, 5_000, 2_000);
    expect(r).toMatchObject({ status: 200, body: '{"a":1}', headers: { etag: entry.etag, 'cache-control': 'public, max-age=3' } });
  });

  it('answers 304 without a body to a client holding the ETag (weak, in a list, or *)', () => {
    expect(cachedResponse(entry, `"other", W/${entry.etag}`, 5_000, 1).status).toBe(304);
    expect(cachedResponse(entry, `"other", W/${entry.etag}`, 5_000, 1).body).toBeNull();
    expect(ifNoneMatchHits('*', entry.etag)).toBe(true);
    expect(ifNoneMatchHits('"nope"', entry.etag)).toBe(false);
    expect(ifNoneMatchHits(null, entry.etag)).toBe(false);
  });
});

describe('the per-address budget of public requests', () => {
  it('answers 429 with Retry-After once an address has spent its burst, while another address still gets through', () => {
    const buckets = createKeyedBuckets(3, 1);
    const taken = [0, 1, 2, 3].map(() => buckets.take('10.0.0.1', 1_000));
    expect(taken).toEqual([true, true, true, false]);
    expect(buckets.take('10.0.0.2', 1_000)).toBe(true);
    expect(buckets.take('10.0.0.1', 2_000)).toBe(true);
    expect(tooManyRequests(1)).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
  });
});

describe('gzip', () => {
  it('gives a client that accepts gzip the same body compressed, and one that refuses it the plain body', async () => {
    const { gunzipSync } = await import('node:zlib');
    const entry = createJsonCache(() => ({ text: 'Siaga 1 · Awas '.repeat(200) }), 5_000).get(0);
    expect([acceptsGzip('gzip, deflate, br'), acceptsGzip('br;q=1, gzip;q=0.5'), acceptsGzip('gzip;q=0'), acceptsGzip('identity'), acceptsGzip(null)]).toEqual([true, true, false, false, false]);
    const zipped = cachedResponse(entry, null, 5_000, 0, true);
    expect(zipped.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'accept-encoding', etag: entry.etag });
    expect(gunzipSync(zipped.body as Uint8Array).toString()).toBe(entry.body);
    expect((zipped.body as Uint8Array).length).toBeLessThan(entry.body.length / 5);
    expect(cachedResponse(entry, null, 5_000, 0, false).body).toBe(entry.body);
  });
});
