/**
 * Push subscriptions over HTTP on the production build, with the real PostgreSQL and InfluxDB of
 * `npm test`. The subscriptions are synthetic (a PushSubscription's JSON with a real P-256 key): a
 * browser's `pushManager.subscribe` needs a push service, which cannot be reached here. What is checked:
 * the person behind the login gets a `webpush` channel, one per endpoint, the directory version moves
 * in the same transaction, bad shapes and sizes are refused as data, nobody touches another's channel,
 * and every outcome is in the audit log.
 */
import { createECDH, randomBytes } from 'node:crypto';
import pg from 'pg';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_DEVICES_PER_PERSON } from '../../src/lib/server/people/push-subscriptions';
import { endpointKey } from '../../src/lib/pwa/push-key';
import { createTestAuth, login, type TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/wait';
import { startWeb, type TestWeb } from '../helpers/web';
import { clearRetainedCatalog } from '../helpers/retained-catalog';

const services = readTestServices();
const influxDb = uniqueDb('push_subscribe');
const vapid = webpush.generateVAPIDKeys();
let database: TestDatabase;
let sql: pg.Client;
let auth: TestAuth;
let web: TestWeb;
const cookies: Record<string, string> = {};

/** A subscription as Chromium's PushSubscription.toJSON() gives it, with a fresh P-256 key pair. */
function subscription(endpoint = `https://fcm.googleapis.com/fcm/send/${randomBytes(12).toString('base64url')}`) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
}

async function call(user: string | null, method: string, path: string, body?: unknown, raw?: string) {
  const headers: Record<string, string> = { cookie: user ? cookies[user] : '', 'content-type': 'application/json' };
  const res = await fetch(`${web.url}${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const version = async () => Number((await sql.query('SELECT version FROM directory_state')).rows[0].version);
const pushRows = async (person: string) =>
  (await sql.query(`SELECT id, address, rank, enabled FROM person_channels WHERE person_id = $1 AND kind = 'webpush' ORDER BY id`, [person])).rows;

beforeAll(async () => {
  database = await createTestDatabase('push_subscribe');
  await createDatabase(services.influxUrl, influxDb);
  auth = await createTestAuth([
    { user: 'sari', role: 'responder' },
    { user: 'budi', role: 'responder' },
    { user: 'dewi', role: 'operator' },
    { user: 'tono', role: 'responder' }
  ]);
  web = await startWeb({ db: influxDb, auth, env: { DATABASE_URL: database.url, VAPID_PUBLIC_KEY: vapid.publicKey } });
  // The web ran the migrations at start; the directory's people are made here as an admin would.
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  for (const [id, name, login] of [['sari', 'Sari Wulandari', 'sari'], ['budi', 'Budi Santoso', 'budi'], ['dewi', 'Dewi Lestari', 'dewi']]) {
    await sql.query(`INSERT INTO people (id, name, login_user, updated_by) VALUES ($1, $2, $3, 'test')`, [id, name, login]);
  }
  for (const u of ['sari', 'budi', 'dewi', 'tono']) cookies[u] = await login(web.url, u, `${u}-password-1`);
}, 90_000);

afterAll(async () => {
  await sql?.end();
  await web?.stop();
  await auth?.cleanup();
  await database?.drop();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
  // The web published its registry catalog retained: later test files start without it.
  await clearRetainedCatalog(services.mqttUrl);
});

describe('push subscriptions', () => {
  it('tells the app which subscriptions reach the signed-in person, so a shared phone is not shown as on for the next person', async () => {
    const phone = subscription();
    const key = await endpointKey(phone.endpoint);
    const appData = async (user: string) => (await fetch(`${web.url}/app/__data.json`, { headers: { cookie: cookies[user] } })).text();
    expect((await call('sari', 'POST', '/api/push/subscribe', phone)).status).toBe(201);
    expect(await appData('sari')).toContain(key);
    // Budi signs in on Sari's phone: the browser still holds her subscription, which is not his.
    expect(await appData('budi')).not.toContain(key);
    // He turns notifications on: the endpoint moves to him, and no longer counts as hers.
    expect((await call('budi', 'POST', '/api/push/subscribe', phone)).status).toBe(200);
    expect(await appData('budi')).toContain(key);
    expect(await appData('sari')).not.toContain(key);
    // A channel the notifier disabled (the push service said 410) is off too.
    await sql.query(`UPDATE person_channels SET enabled = false WHERE kind = 'webpush' AND address ->> 'endpoint' = $1`, [phone.endpoint]);
    expect(await appData('budi')).not.toContain(key);
    await sql.query(`DELETE FROM person_channels WHERE kind = 'webpush' AND address ->> 'endpoint' = $1`, [phone.endpoint]);
  });

  it('hands signed-in people the VAPID public key, and nobody else', async () => {
    const key = await call('sari', 'GET', '/api/push/vapid-key');
    expect(key).toEqual({ status: 200, json: { ok: true, publicKey: vapid.publicKey } });
    expect((await call(null, 'GET', '/api/push/vapid-key')).status).toBe(401);
  });

  it('stores a subscription as the person’s webpush channel, one row per endpoint, bumping the directory version', async () => {
    const first = subscription();
    const v0 = await version();
    const created = await call('sari', 'POST', '/api/push/subscribe', first);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ok: true, personId: 'sari', created: true, version: v0 + 1 });
    expect(await version()).toBe(v0 + 1);
    const rows = await pushRows('sari');
    expect(rows).toHaveLength(1);
    // Stored in normal form: endpoint and keys only (expirationTime and anything else left out).
    expect(rows[0].address).toEqual({ endpoint: first.endpoint, keys: first.keys });
    expect(rows[0].enabled).toBe(true);

    // The same browser subscribing again (new keys after a reinstall) refreshes its row.
    const again = { ...subscription(first.endpoint) };
    const refreshed = await call('sari', 'POST', '/api/push/subscribe', again);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ created: false, channelId: created.json.channelId, version: v0 + 2 });
    const after = await pushRows('sari');
    expect(after).toHaveLength(1);
    expect(after[0].address.keys).toEqual(again.keys);
  });

  it('tells a login that is no person in the directory to ask an administrator, and stores nothing', async () => {
    const v0 = await version();
    const res = await call('tono', 'POST', '/api/push/subscribe', subscription());
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('NO_PERSON');
    expect(res.json.errors[0]).toMatch(/"tono".*administrator/);
    expect(await version()).toBe(v0);
    expect((await call(null, 'POST', '/api/push/subscribe', subscription())).status).toBe(401);
  });

  it('refuses bad shapes and oversized bodies as data, changing nothing', async () => {
    const v0 = await version();
    const good = subscription();
    const plainHttp = await call('sari', 'POST', '/api/push/subscribe', { ...good, endpoint: 'http://push.example.com/x' });
    expect(plainHttp.status).toBe(400);
    expect(plainHttp.json.errors).toEqual(['endpoint must be an https URL']);
    const badKeys = await call('sari', 'POST', '/api/push/subscribe', { ...good, keys: { p256dh: 'AAAA', auth: good.keys.auth } });
    expect(badKeys.status).toBe(400);
    expect(badKeys.json.errors[0]).toMatch(/p256dh/);
    const huge = await call('sari', 'POST', '/api/push/subscribe', undefined, JSON.stringify({ ...good, padding: 'x'.repeat(5_000) }));
    expect(huge.status).toBe(413);
    expect((await call('sari', 'POST', '/api/push/subscribe', undefined, '{not json')).status).toBe(400);
    expect(await version()).toBe(v0);
    expect(await pushRows('sari')).toHaveLength(1);
  });

  it('lets a person remove only their own subscription', async () => {
    const [row] = await pushRows('sari');
    const endpoint = row.address.endpoint as string;
    const v0 = await version();
    const notBudis = await call('budi', 'DELETE', '/api/push/subscribe', { endpoint });
    expect(notBudis.status).toBe(404);
    expect(await pushRows('sari')).toHaveLength(1);
    const removed = await call('sari', 'DELETE', '/api/push/subscribe', { endpoint });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ ok: true, channelId: Number(row.id), version: v0 + 1 });
    expect(await pushRows('sari')).toHaveLength(0);
  });

  it('moves an endpoint to whoever subscribes with it now (a shared phone), and bounds each person’s devices', async () => {
    const shared = subscription();
    expect((await call('budi', 'POST', '/api/push/subscribe', shared)).status).toBe(201);
    expect((await call('dewi', 'POST', '/api/push/subscribe', shared)).status).toBe(200);
    expect(await pushRows('budi')).toHaveLength(0);
    for (let i = 0; i < MAX_PUSH_DEVICES_PER_PERSON + 1; i++) expect((await call('dewi', 'POST', '/api/push/subscribe', subscription())).status).toBe(201);
    const kept = await pushRows('dewi');
    expect(kept).toHaveLength(MAX_PUSH_DEVICES_PER_PERSON);
    // The oldest (the shared phone's, then the first new one) went.
    expect(kept.some((r) => r.address.endpoint === shared.endpoint)).toBe(false);
  });

  it('never drops the browser that is subscribing, even when its row is older than all the person’s others', async () => {
    // Sari's phone, subscribed before any of Budi's devices.
    const shared = subscription();
    expect((await call('sari', 'POST', '/api/push/subscribe', shared)).status).toBe(201);
    const budis: ReturnType<typeof subscription>[] = [];
    for (let i = 0; i < MAX_PUSH_DEVICES_PER_PERSON; i++) {
      budis.push(subscription());
      expect((await call('budi', 'POST', '/api/push/subscribe', budis[i])).status).toBe(201);
    }
    // Budi turns notifications on on her phone: it answers "subscribed", so it must be his now; his oldest other device goes.
    const moved = await call('budi', 'POST', '/api/push/subscribe', shared);
    expect(moved.status).toBe(200);
    const rows = await pushRows('budi');
    expect(rows).toHaveLength(MAX_PUSH_DEVICES_PER_PERSON);
    expect(rows.map((r) => Number(r.id))).toContain(moved.json.channelId);
    expect(rows.some((r) => r.address.endpoint === budis[0].endpoint)).toBe(false);
    await sql.query(`DELETE FROM person_channels WHERE person_id = 'budi' AND kind = 'webpush'`);
  });

  it('audits every outcome: subscriptions, refusals and removals', async () => {
    await waitFor('push entries in the audit log', async () => {
      const rows = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "action" =~ /^push:/`);
      const has = (user: string, action: string, ok: boolean) => rows.some((r) => r.user === user && r.action === action && r.ok === ok);
      return has('sari', 'push:subscribe', true) && has('tono', 'push:subscribe', false) && has('sari', 'push:unsubscribe', true) && has('budi', 'push:unsubscribe', false) && has('dewi', 'push:subscribe', true);
    });
    const rows = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "user" = 'dewi' AND "action" = 'push:subscribe'`);
    expect(rows.some((r) => String(r.detail).includes('moved from budi'))).toBe(true);
    // The endpoint is a capability: the log names the push service's host, never the URL.
    const all = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "action" =~ /^push:/`);
    expect(all.every((r) => !String(r.detail).includes('/fcm/send/'))).toBe(true);
  });
});
