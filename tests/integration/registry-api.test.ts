/**
 * The registry over HTTP on the production build, with the real PostgreSQL and InfluxDB of `npm test`:
 * who may, validation errors as data, audit entries, and changes applied to the running command
 * center (its own and another instance's) without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogFile from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { openRegistry } from '../../src/lib/server/registry/service';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestAuth, login, type TestAuth } from '../helpers/auth';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startWeb, type TestWeb } from '../helpers/web';
import { waitFor } from '../helpers/wait';
import { clearRetainedCatalog } from '../helpers/retained-catalog';

const services = readTestServices();
const influxDb = uniqueDb('registry_api');
const fileCatalog = catalogFile as unknown as Catalog;
const gauge = fileCatalog.sensors.find((s) => s.kind === 'flood' && s.flood)!;
let pg: TestDatabase;
let auth: TestAuth;
let web: TestWeb;
let base = '';
const cookies: Record<string, string> = {};

function call(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { cookie: cookies[user] ?? '' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, json: await r.json() }));
}

async function catalogSensor(id: string) {
  const res = await fetch(`${base}/api/catalog`, { headers: { cookie: cookies.eko } });
  return ((await res.json()) as Catalog).sensors.find((s) => s.id === id);
}

beforeAll(async () => {
  pg = await createTestDatabase('registry_api');
  await createDatabase(services.influxUrl, influxDb);
  auth = await createTestAuth([{ user: 'eko', role: 'engineer' }, { user: 'budi', role: 'operator' }]);
  web = await startWeb({ db: influxDb, auth, env: { HOST: '127.0.0.1', DATABASE_URL: pg.url } });
  base = web.url;
  for (const u of ['eko', 'budi']) cookies[u] = await login(base, u, `${u}-password-1`);
}, 90_000);

afterAll(async () => {
  await web?.stop();
  await auth?.cleanup();
  await pg?.drop();
  await dropDatabase(services.influxUrl, influxDb);
  // The web published its registry catalog retained: later test files start without it.
  await clearRetainedCatalog(services.mqttUrl);
});

describe('registry API', () => {
  it('is for engineers and admins: an operator is refused, and the refusal is audited', async () => {
    expect((await call('budi', 'GET', '/api/registry/sensors')).status).toBe(403);
    expect((await call('budi', 'PATCH', `/api/registry/sensors/${gauge.id}`, { changes: { name: 'x' }, reason: 'x' })).status).toBe(403);
    const list = await call('eko', 'GET', '/api/registry/sensors');
    expect(list.status).toBe(200);
    expect(list.json.sensors).toHaveLength(fileCatalog.sensors.length);
    await waitFor('refusal in the audit log', async () => {
      const rows = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "user" = 'budi'`);
      return rows.some((r) => r.action === 'registry:edit' && r.ok === false);
    });
  });

  it('answers validation problems as data: 400 with the reasons', async () => {
    const noReason = await call('eko', 'PATCH', `/api/registry/sensors/${gauge.id}`, { changes: { name: 'x' } });
    expect(noReason).toMatchObject({ status: 400, json: { ok: false, code: 'INVALID' } });
    expect(noReason.json.errors[0]).toMatch(/reason is required/);
    const falling = await call('eko', 'PATCH', `/api/registry/sensors/${gauge.id}`, { changes: { flood: { siaga3: 300, siaga2: 200, siaga1: 100 } }, reason: 'typo' });
    expect(falling.status).toBe(400);
    expect(falling.json.errors.join('\n')).toContain(`sensor ${gauge.id}`);
    expect((await call('eko', 'GET', '/api/registry/sensors/no-such-sensor')).status).toBe(404);
  });

  it('applies an edit to the running command center at once, with history and audit', async () => {
    const siaga3 = gauge.flood!.siaga3 - 10;
    const r = await call('eko', 'PATCH', `/api/registry/sensors/${gauge.id}`, { changes: { flood: { ...gauge.flood, siaga3 } }, reason: 'BWS re-levelled the staff gauge', revision: 1 });
    expect(r).toMatchObject({ status: 200, json: { ok: true, sensor: { revision: 2 } } });
    expect((await catalogSensor(gauge.id))?.flood?.siaga3).toBe(siaga3);
    const got = await call('eko', 'GET', `/api/registry/sensors/${gauge.id}`);
    expect(got.json.history[0]).toMatchObject({ actor: 'eko', reason: 'BWS re-levelled the staff gauge', diff: [{ field: 'flood.siaga3', from: gauge.flood!.siaga3, to: siaga3 }] });
    await waitFor('edit in the audit log', async () => {
      const rows = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "user" = 'eko'`);
      return rows.some((r) => r.action === 'registry:edit' && r.ok === true && r.target === gauge.id && r.detail === 'BWS re-levelled the staff gauge');
    });
  });

  it('follows a change made by another command-center instance without a restart', async () => {
    const other = await openRegistry({ databaseUrl: pg.url, fileCatalog, log: () => {} });
    try {
      const r = await other.store.edit({ user: 'sari', role: 'admin' }, gauge.id, { name: 'Renamed elsewhere' }, 'signage');
      expect(r.ok).toBe(true);
    } finally {
      await other.close();
    }
    await waitFor('the web serves the other instance’s edit', async () => (await catalogSensor(gauge.id))?.name === 'Renamed elsewhere', { timeoutMs: 15_000 });
  });

  it('imports GeoJSON all or nothing, naming the bad feature', async () => {
    const feature = (id: string, district: string) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [117.16, -0.45] },
      properties: { id, kind: 'air', name: `Udara ${id}`, district, intervalS: 60 }
    });
    const content = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    const bad = await call('eko', 'POST', '/api/registry/import', { format: 'geojson', reason: 'DLH stations', content: content([feature('air-geo-1', gauge.district), feature('air-geo-2', 'Atlantis')]) });
    expect(bad.status).toBe(400);
    expect(bad.json.rows.map((r: { label: string }) => r.label)).toEqual(['feature 2']);
    expect(await catalogSensor('air-geo-1')).toBeUndefined();
    const good = await call('eko', 'POST', '/api/registry/import', { format: 'geojson', reason: 'DLH stations', content: content([feature('air-geo-1', gauge.district)]) });
    expect(good).toMatchObject({ status: 200, json: { ok: true, created: ['air-geo-1'] } });
    expect(await catalogSensor('air-geo-1')).toMatchObject({ lat: -0.45, lon: 117.16 });
  });

  it('takes an import of over 1 MB in production as under npm run dev, and refuses a bigger one with a 413 saying why', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [117.17, -0.46] }, properties: { id: 'air-big-1', kind: 'air', name: 'Udara Besar', district: gauge.district, intervalS: 60 } }]
    };
    // Trailing whitespace is valid JSON: a 1.1 MB body past adapter-node's 512 KB default without adding sensors.
    const padded = (chars: number) => JSON.stringify(fc, null, 2) + ' '.repeat(chars);
    // was: 400 "body must be JSON" from the production build (the adapter's cut read as a parse error)
    const mb = await call('eko', 'POST', '/api/registry/import', { format: 'geojson', reason: 'whole district', content: padded(1_100_000) });
    expect(mb).toMatchObject({ status: 200, json: { ok: true, created: ['air-big-1'] } });
    const tooBig = await call('eko', 'POST', '/api/registry/import', { format: 'geojson', reason: 'x', content: padded(6_500_000) });
    expect(tooBig).toMatchObject({ status: 413, json: { ok: false, code: 'TOO_LARGE' } });
    expect(tooBig.json.errors).toEqual([expect.stringMatching(/^Permintaan terlalu besar: paling banyak 6,0 MB \(terkirim 6,2 MB\)/), expect.stringMatching(/^Request too large: at most 6.0 MB/)]);
    const longText = await call('eko', 'POST', '/api/registry/import', { format: 'geojson', reason: 'x', content: padded(5_100_000) });
    expect(longText).toMatchObject({ status: 413, json: { code: 'TOO_LARGE', errors: ['Berkas terlalu besar: paling banyak 5000000 karakter.', 'File too large: at most 5000000 characters.'] } });
    // Sent without a length (chunked): cut where the server stops reading, and still a 413, not "body must be JSON".
    const body = JSON.stringify({ format: 'geojson', reason: 'x', content: padded(6_500_000) });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(body);
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      }
    });
    const chunked = await fetch(`${base}/api/registry/import`, { method: 'POST', headers: { cookie: cookies.eko, 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect([chunked.status, ((await chunked.json()) as { code: string }).code]).toEqual([413, 'TOO_LARGE']);
    // Any other route holds a body without a length to its own 512 KB, not the server's 6 MB.
    const sensor = { id: 'air-chunk-1', kind: 'air', name: 'Udara Tanpa Panjang', district: gauge.district, lat: -0.5, lon: 117.15, intervalS: 60 };
    const padding = new TextEncoder().encode(JSON.stringify({ sensor, reason: 'x' }) + ' '.repeat(1_000_000));
    const unlengthed = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < padding.length; i += 64 * 1024) c.enqueue(padding.subarray(i, i + 64 * 1024));
        c.close();
      }
    });
    // was: 201, the 1 MB read whole and the sensor created
    const edit = await fetch(`${base}/api/registry/sensors`, { method: 'POST', headers: { cookie: cookies.eko, 'content-type': 'application/json' }, body: unlengthed, duplex: 'half' } as RequestInit);
    expect([edit.status, ((await edit.json()) as { code: string; errors: string[] }).errors]).toEqual([413, ['Permintaan terlalu besar: paling banyak 0,5 MB.', 'Request too large: at most 0.5 MB.']]);
    expect((await call('eko', 'GET', '/api/registry/sensors/air-chunk-1')).status).toBe(404);
    // Other routes keep the 512 KB limit.
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'eko', password: 'x'.repeat(600_000) }) });
    expect(login.status).toBe(413);
    // and the refusals leave the client's pooled connections usable (an unread body stalled one: the next request was reset)
    for (let i = 0; i < 4; i++) expect((await call('eko', 'GET', '/api/registry/sensors/air-big-1')).status).toBe(200);
  });

  it('creates and moves a sensor over HTTP', async () => {
    const sensor = { id: 'air-http-1', kind: 'air', name: 'Udara Balai Kota', district: gauge.district, lat: -0.5, lon: 117.15, intervalS: 60 };
    expect(await call('eko', 'POST', '/api/registry/sensors', { sensor, reason: 'new DLH station' })).toMatchObject({ status: 201, json: { sensor: { id: 'air-http-1', revision: 1 } } });
    expect((await call('eko', 'POST', '/api/registry/sensors', { sensor, reason: 'again' })).status).toBe(409);
    const moved = await call('eko', 'POST', '/api/registry/sensors/air-http-1/move', { lat: -0.501, lon: 117.152, reason: 'moved to the roof', revision: 1 });
    expect(moved).toMatchObject({ status: 200, json: { sensor: { lat: -0.501, revision: 2 } } });
    expect(await catalogSensor('air-http-1')).toMatchObject({ lat: -0.501, lon: 117.152 });
    const got = await call('eko', 'GET', '/api/registry/sensors/air-http-1');
    expect(got.json.history.map((h: { action: string }) => h.action)).toEqual(['move', 'create']);
  });

  it('serves the registry page to engineers only', async () => {
    const page = (user: string) => fetch(`${base}/sensors/registry`, { headers: { cookie: cookies[user] }, redirect: 'manual' });
    const engineer = await page('eko');
    expect(engineer.status).toBe(200);
    expect(await engineer.text()).toContain(`data-registry-sensor="${gauge.id}"`);
    expect((await page('budi')).status).toBe(403);
  });

  it('decommissions: the sensor leaves the catalog', async () => {
    const r = await call('eko', 'POST', '/api/registry/sensors/air-geo-1/decommission', { reason: 'station closed' });
    expect(r).toMatchObject({ status: 200, json: { sensor: { status: 'decommissioned' } } });
    expect(await catalogSensor('air-geo-1')).toBeUndefined();
  });
});
