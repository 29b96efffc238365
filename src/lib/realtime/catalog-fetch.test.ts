import { describe, expect, it } from 'vitest';
import type { Catalog } from '../core/sensor';
import { CATALOG_VERSION_HEADER, fetchCatalog, newerCatalog, refreshCatalog, type VersionedCatalog } from './catalog-fetch';

const catalog = (name: string): Catalog => ({
  city: 'Samarinda',
  districts: [{ code: 'SU', name: 'Samarinda Ulu', lat: -0.5, lon: 117.1 }],
  sensors: [{ id: 'flood-01', kind: 'flood', name, district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 60 }]
} as Catalog);
const shown: VersionedCatalog = { catalog: catalog('Jembatan Mahakam'), version: 4 };
const ask = { version: 5, at: 1_000, failures: 0 };

function answer(status: number, body: string, version?: string): typeof fetch {
  return async () => new Response(body, { status, headers: { 'content-type': status === 200 ? 'application/json' : 'text/html', ...(version ? { [CATALOG_VERSION_HEADER]: version } : {}) } });
}
const offline: typeof fetch = async () => Promise.reject(new TypeError('Failed to fetch'));

describe('refreshCatalog', () => {
  it('swaps in a whole, newer catalog', async () => {
    const r = await refreshCatalog(shown, ask, answer(200, JSON.stringify(catalog('Jembatan Mahakam (pindah)')), '5'));
    expect(r.shown.version).toBe(5);
    expect(r.shown.catalog.sensors[0].name).toBe('Jembatan Mahakam (pindah)');
    expect(r.ask.failures).toBe(0);
    expect(r.failed).toBeUndefined();
  });

  it('keeps the catalog it shows on a proxy’s 502 page, and counts the failure', async () => {
    const r = await refreshCatalog(shown, { ...ask, failures: 1 }, answer(502, '<html><body>502 Bad Gateway</body></html>'));
    expect(r.shown).toBe(shown);
    expect(r.ask.failures).toBe(2);
    expect(r.failed).toBe('HTTP 502');
  });

  it('keeps the catalog it shows when the network is away', async () => {
    const r = await refreshCatalog(shown, ask, offline);
    expect(r.shown).toBe(shown);
    expect(r.ask.failures).toBe(1);
    expect(r.failed).toMatch(/^network: /);
  });

  it('keeps the catalog it shows on a 200 that is not a catalog (a captive portal, a cut body)', async () => {
    expect((await refreshCatalog(shown, ask, answer(200, '<html>login to Wi-Fi</html>'))).shown).toBe(shown);
    expect((await refreshCatalog(shown, ask, answer(200, '{"city":"x","districts":[]}'))).failed).toBe('not a catalog');
  });

  it('keeps the catalog it shows when the answering instance is behind it', async () => {
    const r = await refreshCatalog(shown, ask, answer(200, JSON.stringify(catalog('old')), '3'));
    expect(r.shown).toBe(shown);
    expect(r.ask.failures).toBe(0);
  });
});

describe('fetchCatalog', () => {
  it('reads no version from the catalog file (no header)', async () => {
    const r = await fetchCatalog(answer(200, JSON.stringify(catalog('a'))));
    expect(r.ok && r.value.version).toBeNull();
  });
});

describe('newerCatalog', () => {
  it('takes the second only when it names a newer version', () => {
    const b = { catalog: catalog('b'), version: 6 };
    expect(newerCatalog(shown, b)).toBe(b);
    expect(newerCatalog(b, shown)).toBe(b);
    expect(newerCatalog(shown, null)).toBe(shown);
    expect(newerCatalog(shown, { catalog: catalog('c'), version: null })).toBe(shown);
  });
});
