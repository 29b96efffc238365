import { describe, expect, it } from 'vitest';
import type { Catalog } from '../core/sensor';
import { CATALOG_VERSION_HEADER, type VersionedCatalog } from './catalog-fetch';
import { LiveCatalog } from './live-catalog.svelte';
import { CATALOG_RETRY_MS } from './wall-upkeep';

const catalog = (...names: string[]): Catalog => ({
  city: 'Samarinda',
  districts: [{ code: 'SU', name: 'Samarinda Ulu', lat: -0.5, lon: 117.1 }],
  sensors: names.map((name, i) => ({ id: `flood-0${i + 1}`, kind: 'flood', name, district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 60 }))
} as Catalog);

/** A server answering /api/catalog from `serve` (a version and its catalog, or a status), counting the asks. */
function server(serve: () => VersionedCatalog | number) {
  const asks: string[] = [];
  const fetchFn = (async (url: string) => {
    asks.push(url);
    const s = serve();
    if (typeof s === 'number') return new Response('<html>502 Bad Gateway</html>', { status: s });
    return new Response(JSON.stringify(s.catalog), { status: 200, headers: { [CATALOG_VERSION_HEADER]: String(s.version) } });
  }) as typeof fetch;
  return { asks, fetchFn };
}

const T0 = 1_700_000_000_000;
const loaded: VersionedCatalog = { catalog: catalog('Jembatan Mahakam'), version: 4 };

describe('LiveCatalog', () => {
  it('shows the layout’s catalog until the live status names a newer version, then the fetched one', async () => {
    const srv = server(() => ({ catalog: catalog('Jembatan Mahakam (pindah)', 'Pos Baru'), version: 5 }));
    const c = new LiveCatalog(() => loaded, { fetch: srv.fetchFn });
    expect(c.current).toBe(loaded.catalog);
    expect(c.follow(4, T0)).toBeNull();
    expect(c.follow(undefined, T0)).toBeNull();
    await c.follow(5, T0);
    expect(c.shown.version).toBe(5);
    expect(c.current.sensors.map((s) => s.name)).toEqual(['Jembatan Mahakam (pindah)', 'Pos Baru']);
    // caught up: the next statuses ask nothing
    expect(c.follow(5, T0 + 5_000)).toBeNull();
    expect(srv.asks).toEqual(['/api/catalog']);
  });

  it('keeps what it shows through a proxy’s 502, asks again only after the backoff, and takes the catalog once served', async () => {
    let answer: VersionedCatalog | number = 502;
    const srv = server(() => answer);
    const logged: string[] = [];
    const c = new LiveCatalog(() => loaded, { fetch: srv.fetchFn, log: (m) => logged.push(m) });
    await c.follow(5, T0);
    expect(c.current).toBe(loaded.catalog);
    expect(logged[0]).toContain('HTTP 502');
    // every status (5 s) until the retry is due asks nothing
    expect(c.follow(5, T0 + 5_000)).toBeNull();
    expect(c.follow(5, T0 + CATALOG_RETRY_MS - 1)).toBeNull();
    answer = { catalog: catalog('Jembatan Mahakam (pindah)'), version: 5 };
    await c.follow(5, T0 + CATALOG_RETRY_MS);
    expect(c.current.sensors[0].name).toBe('Jembatan Mahakam (pindah)');
    expect(srv.asks).toHaveLength(2);
  });

  it('asks again later when the answering instance has not seen the edit yet', async () => {
    let answer: VersionedCatalog = loaded;
    const srv = server(() => answer);
    const c = new LiveCatalog(() => loaded, { fetch: srv.fetchFn });
    await c.follow(5, T0);
    expect(c.shown).toBe(loaded);
    expect(c.follow(5, T0 + 1_000)).toBeNull();
    answer = { catalog: catalog('Pos Baru'), version: 5 };
    await c.follow(5, T0 + CATALOG_RETRY_MS);
    expect(c.shown.version).toBe(5);
  });

  it('follows no version for the catalog file (no registry: it never changes while running)', () => {
    const srv = server(() => 502);
    const c = new LiveCatalog(() => ({ catalog: loaded.catalog, version: null }), { fetch: srv.fetchFn });
    expect(c.follow(7, T0)).toBeNull();
    expect(srv.asks).toEqual([]);
  });

  it('asks once while a slow answer is on its way, however many statuses come', async () => {
    let release: (r: Response) => void = () => undefined;
    let asks = 0;
    const slow = (() => (asks++, new Promise<Response>((r) => (release = r)))) as unknown as typeof fetch;
    const c = new LiveCatalog(() => loaded, { fetch: slow });
    const first = c.follow(5, T0);
    for (let t = T0 + 5_000; t < T0 + CATALOG_RETRY_MS; t += 5_000) expect(c.follow(5, t)).toBeNull();
    release(new Response(JSON.stringify(catalog('Pos Baru')), { status: 200, headers: { [CATALOG_VERSION_HEADER]: '5' } }));
    await first;
    expect(asks).toBe(1);
    expect(c.current.sensors[0].name).toBe('Pos Baru');
  });
});
