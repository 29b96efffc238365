/**
 * Acknowledge links and deliveries on the production build, with the real PostgreSQL, InfluxDB and
 * Mosquitto of `npm test`: GET shows and changes nothing, POST acknowledges once as the person with
 * the link's channel, every refusal changes nothing and is audited; a delivery record published with
 * mosquitto_pub reaches a signed-in Socket.IO client and the history API.
 */
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot } from '../../src/lib/core/events';
import { EVENTS_RP } from '../../src/lib/core/retention';
import { formatDeliveryLines } from '../../src/lib/core/line-protocol';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import type { DeliveryRecord } from '../../src/lib/core/people';
import { TOPICS } from '../../src/lib/core/topic';
import { createInfluxDB } from '../../src/lib/influx/client';
import { writeLines } from '../../src/lib/influx/write';
import { signAckToken } from '../../src/lib/notify/ack-token';
import { createAckLinkStore } from '../../src/lib/server/ack/link-store';
import { ACK_PER_S } from '../../src/lib/server/ack/service';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { ALERT_EVENTS, AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestAuth, login, type TestAuth } from '../helpers/auth';
import { createTestDatabase, openTestPool, type TestDatabase } from '../helpers/postgres';
import { startWeb, type TestWeb } from '../helpers/web';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';

const services = readTestServices();
const influxDb = uniqueDb('ack_link');
const SECRET = 'ack-link-test-secret-0123456789abcdef';
const now = Date.now();
// Three alerts: one acknowledged by link, one left raised for the refusals, one for deliveries.
const first = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${now - 3}`, at: now - 60_000, severity: 'critical' });
const second = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${now - 2}`, at: now - 50_000 });
const third = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${now - 1}`, at: now - 40_000 });
// One condition raised twice across an ingest restart: the later alert closed as merged into the kept one.
const kept = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${now - 5}`, at: now - 70_000, severity: 'critical' });
const fold = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${now - 4}`, at: now - 45_000, severity: 'critical' });
const folded: AlertEvent = {
  type: 'resolved', at: now - 44_000, by: 'pantau',
  alert: { ...fold.alert, state: 'resolved', resolvedAt: now - 44_000, resolvedBy: 'pantau', updatedAt: now - 44_000, mergedInto: kept.alert.id }
};
let db: TestDatabase;
let sql: pg.Pool;
let auth: TestAuth;
let web: TestWeb;
let cookie = '';
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
const heard: DeliveryRecord[] = [];

const token = (alertId: string, jti: string, over: { personId?: string; exp?: number; secret?: string } = {}) =>
  signAckToken(over.secret ?? SECRET, { alertId, personId: over.personId ?? 'sari', exp: over.exp ?? Date.now() + 3_600_000, jti });

async function alertNow(id: string): Promise<Alert | undefined> {
  const res = await fetch(`${web.url}/api/alerts?state=all`, { headers: { cookie } });
  return ((await res.json()) as { alerts: Alert[] }).alerts.find((a) => a.id === id);
}

/** The confirm form as a phone's browser sends it: same origin, no script. */
function confirm(t: string, origin = web.url): Promise<{ status: number; html: string }> {
  return fetch(`${web.url}/ack/${t}`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ token: t }).toString(),
    redirect: 'manual'
  }).then(async (r) => ({ status: r.status, html: await r.text() }));
}

const usedRows = async () => (await sql.query('SELECT token_id, alert_id, person_id FROM ack_links_used ORDER BY token_id')).rows;
const auditRows = async () => influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT}`);

beforeAll(async () => {
  db = await createTestDatabase('ack_link');
  await createDatabase(services.influxUrl, influxDb);
  auth = await createTestAuth([{ user: 'rina', role: 'responder' }, { user: 'omar', role: 'operator' }]);
  web = await startWeb({
    db: influxDb,
    auth,
    env: { DATABASE_URL: db.url, PANTAU_ACK_SECRET: SECRET, PANTAU_ANONYMOUS_READ: 'false' },
    untilMqtt: {}
  });
  cookie = await login(web.url, 'rina', 'rina-password-1');
  // The web ran the migrations at start: people go straight into the directory's tables.
  sql = openTestPool(db.url, 2);
  await sql.query(`INSERT INTO people (id, name, updated_by) VALUES ('sari', 'Sari Wulandari', 'test'), ('gone', 'Gone', 'test')`);
  await sql.query(`UPDATE people SET active = false WHERE id = 'gone'`);
  // An operator's login: the console forbids them to acknowledge, and so does a link.
  await sql.query(`INSERT INTO people (id, name, login_user, updated_by) VALUES ('omar', 'Omar Operator', 'omar', 'test')`);
  for (const e of [first, second, third, kept, fold, folded]) expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
  await waitFor('the hub holds the alerts', async () => (await alertNow(third.alert.id)) !== undefined && (await alertNow(fold.alert.id))?.mergedInto === kept.alert.id);
  socket = io(web.url, { transports: ['websocket'], extraHeaders: { cookie } });
  socket.on('delivery', (r) => heard.push(r));
  await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
}, 90_000);

afterAll(async () => {
  socket?.close();
  await web?.stop();
  await sql?.end();
  await auth?.cleanup();
  await db?.drop();
  await dropDatabase(services.influxUrl, influxDb);
});

describe('an acknowledge link', () => {
  const link = token(first.alert.id, 'email.first-1');

  it('opens without a login and shows the alert, and looking changes nothing', async () => {
    // Nothing else opens: the console still wants a login.
    expect((await fetch(`${web.url}/alerts`, { redirect: 'manual' })).status).toBe(303);
    const res = await fetch(`${web.url}/ack/${link}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(first.alert.title.id);
    expect(html).toContain('Sari Wulandari');
    expect(html).toContain('Tangani / Acknowledge');
    expect(html).toContain('Sungai Pinang');
    // Fetched twice, as a mail scanner and a chat preview would: still raised, the link still unused.
    await fetch(`${web.url}/ack/${link}`);
    expect((await alertNow(first.alert.id))?.state).toBe('raised');
    expect(await usedRows()).toEqual([]);
  });

  it('acknowledges once on confirm, as the person, saying it came by the email link', async () => {
    const r = await confirm(link);
    expect(r.status).toBe(200);
    expect(r.html).toContain('Ditangani. Terima kasih, Sari Wulandari.');
    const acked = await alertNow(first.alert.id);
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'person:sari', acknowledgedVia: 'email' });
    expect(await usedRows()).toEqual([{ token_id: 'email.first-1', alert_id: first.alert.id, person_id: 'sari' }]);
    const stored = await waitFor('the acknowledgement in InfluxDB', async () => {
      const rows = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged'`);
      return rows.find((row) => JSON.parse(String(row.doc)).id === first.alert.id) ?? null;
    });
    expect(JSON.parse(String(stored.doc))).toMatchObject({ acknowledgedBy: 'person:sari', acknowledgedVia: 'email' });

    // The second press (a reload, a forwarded message) is refused and changes nothing.
    const again = await confirm(link);
    expect(again.status).toBe(409);
    expect(again.html).toContain('Tautan ini sudah dipakai');
    expect(again.html).toContain('Nothing was changed.');
    expect(await alertNow(first.alert.id)).toEqual(acked);
  });

  it('says who acknowledged already when another link of the same alert is used', async () => {
    const r = await confirm(token(first.alert.id, 'whatsapp.first-2'));
    expect(r.status).toBe(409);
    expect(r.html).toContain('sudah ditangani oleh Sari Wulandari');
    expect((await usedRows()).map((row) => row.token_id)).toEqual(['email.first-1']);
  });

  it('refuses forged, expired, cross-site, unknown-person, operator and garbage links, changing nothing', async () => {
    const id = second.alert.id;
    expect((await confirm(token(id, 'email.f', { secret: 'another-secret-of-at-least-32-chars!!' }))).status).toBe(400);
    const expired = await confirm(token(id, 'email.e', { exp: Date.now() - 1 }));
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('This link has expired.');
    expect((await confirm(token(id, 'email.x'), 'http://evil.example')).status).toBe(403);
    expect((await confirm(token(id, 'email.g', { personId: 'gone' }))).status).toBe(404);
    expect((await confirm(token(id, 'email.o', { personId: 'omar' }))).status).toBe(400);
    expect((await confirm('not-a-token')).status).toBe(400);
    expect((await fetch(`${web.url}/ack/${token(id, 'email.f', { secret: 'another-secret-of-at-least-32-chars!!' })}`)).status).toBe(200);
    expect((await alertNow(id))?.state).toBe('raised');
    expect((await usedRows()).map((row) => row.token_id)).toEqual(['email.first-1']);
  });

  it('audits what happened: the link opened, the acknowledgement and the refusals', async () => {
    await waitFor('audit entries', async () => {
      const rows = await auditRows();
      const mine = rows.filter((r) => r.user === 'person:sari');
      return (
        mine.some((r) => r.action === 'ack-link:viewed' && r.ok === true && r.target === first.alert.id) &&
        mine.some((r) => r.action === 'ack-link:accepted' && r.ok === true && r.target === first.alert.id && String(r.detail).startsWith('via email')) &&
        // Sari has no login: she acknowledges as role link (may acknowledge, nothing else), not as a responder.
        mine.some((r) => r.action === 'alert:acknowledge' && r.ok === true && r.role === 'link') &&
        mine.some((r) => r.action === 'ack-link:refused' && String(r.detail).includes('already used')) &&
        mine.some((r) => r.action === 'ack-link:refused' && String(r.detail).includes('already acknowledged by person:sari')) &&
        rows.some((r) => r.action === 'ack-link:refused' && r.role === 'anonymous') &&
        rows.some((r) => r.user === 'omar' && r.role === 'operator' && r.action === 'ack-link:refused' && r.detail === 'role operator may not acknowledge')
      );
    });
  });

  it('is used once in PostgreSQL, whoever races for it, and can be given back when nothing came of it', async () => {
    const store = createAckLinkStore(sql);
    const claims = { alertId: third.alert.id, personId: 'sari', exp: Date.now() + 60_000, jti: 'telegram.race-1' };
    const wins = await Promise.all(Array.from({ length: 8 }, () => store.claim(claims)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store.usedAt(claims.jti)).toBeGreaterThan(0);
    await store.release(claims.jti);
    expect(await store.usedAt(claims.jti)).toBeNull();
    expect(await store.person('sari')).toEqual({ id: 'sari', name: 'Sari Wulandari', active: true });
    expect(await store.person('nobody')).toBeNull();
  });

  it('is rate-limited per address', async () => {
    let limited = false;
    for (let i = 0; i < 40 && !limited; i++) limited = (await fetch(`${web.url}/ack/${token(second.alert.id, `email.r${i}`)}`)).status === 429;
    expect(limited).toBe(true);
  });
});

describe('the acknowledge link of an alert merged into another', () => {
  it('acknowledges the one it went into, and the page says so in both languages', async () => {
    // The rate-limit test above spent this address's budget: a look and a confirm (its action and page) take three.
    await new Promise((resolve) => setTimeout(resolve, (4 / ACK_PER_S) * 1000));
    const link = token(fold.alert.id, 'webpush.merged-1');
    const html = await (await fetch(`${web.url}/ack/${link}`)).text();
    expect(html).toContain(`Tautan ini untuk peringatan ${fold.alert.id}`);
    const r = await confirm(link);
    // was: 409, "merged into alert …: acknowledge it in the console or the app", and the kept alert's chain paged on
    expect(r.status).toBe(200);
    expect(r.html).toContain('Ditangani. Terima kasih, Sari Wulandari.');
    expect(r.html).toContain(`This link was for alert ${fold.alert.id}, since merged into this one`);
    expect(await alertNow(kept.alert.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'person:sari', acknowledgedVia: 'webpush' });
    expect((await alertNow(fold.alert.id))?.state).toBe('resolved');
    expect((await usedRows()).find((row) => row.token_id === 'webpush.merged-1')).toEqual({ token_id: 'webpush.merged-1', alert_id: fold.alert.id, person_id: 'sari' });
  });
});

describe('deliveries of an alert', () => {
  const record = (at: number, over: Partial<DeliveryRecord>): DeliveryRecord => ({
    at, alertIds: [third.alert.id], personId: 'sari', personName: 'Sari Wulandari', teamId: 'bpbd', reason: 'oncall', channel: 'whatsapp', status: 'fallback', attempt: 1, ...over
  });

  it('reach a signed-in Socket.IO client and the history API as published', async () => {
    const published = record(now - 30_000, { error: 'HTTP 503' });
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertDeliveries, JSON.stringify({ ...published, secret: 'dropped' }))).code).toBe(0);
    const got = await waitFor('the delivery over Socket.IO', () => heard.find((r) => r.at === published.at));
    expect(got).toEqual(published); // strict schema: the extra field is not passed on
    const res = await fetch(`${web.url}/api/alerts/${encodeURIComponent(third.alert.id)}/deliveries`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { deliveries: DeliveryRecord[] }).deliveries).toEqual([published]);
  });

  it('come from InfluxDB too (what the notifier stored), oldest first, and only for signed-in people', async () => {
    const stored = record(now - 20_000, { channel: 'email', status: 'sent' });
    const config = { ...parseInfluxConfig({ INFLUX_URL: services.influxUrl }), database: influxDb };
    await writeLines(createInfluxDB(config, 10_000), config, formatDeliveryLines(stored), EVENTS_RP, 1);
    const url = `${web.url}/api/alerts/${encodeURIComponent(third.alert.id)}/deliveries`;
    const body = (await (await fetch(url, { headers: { cookie } })).json()) as { deliveries: DeliveryRecord[]; complete: boolean };
    expect(body.complete).toBe(true);
    expect(body.deliveries.map((r) => [r.channel, r.status])).toEqual([['whatsapp', 'fallback'], ['email', 'sent']]);
    expect((await fetch(url)).status).toBe(401);
  });

  it('drops a record that is not one, and goes on', async () => {
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertDeliveries, JSON.stringify({ ...record(now, {}), status: 'exploded' }))).code).toBe(0);
    const later = record(now - 10_000, { channel: 'telegram', status: 'sent' });
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertDeliveries, JSON.stringify(later))).code).toBe(0);
    await waitFor('the good record after the bad one', () => heard.find((r) => r.at === later.at));
    expect(heard.some((r) => r.at === now)).toBe(false);
  });
});
