/**
 * The command center under the attacks of issue 12, against the real web process (production build)
 * behind a pretend proxy (ADDRESS_HEADER=x-forwarded-for, XFF_DEPTH=1, so each request can come from
 * its own address): socket.io-client, fetch and mosquitto_pub, all to 127.0.0.1, bounded in count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { ActionResult, SequencedAlertEvent } from '../../src/lib/core/events';
import { TOPICS } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { cookieFrom, createTestAuth, type TestAuth } from '../helpers/auth';
import { act, benangaAlert as alert, connectLive, type LiveClient } from '../helpers/live-client';
import { waitFor } from '../helpers/wait';
import { startWeb, type TestWeb } from '../helpers/web';
import { mosquittoPub, mosquittoPubLines } from './mqtt-tools';

const services = readTestServices();
const db = uniqueDb('secweb');
let auth: TestAuth;
let web: TestWeb;
let base = '';
const clients: LiveClient[] = [];
const ALERT_ID = 'flood-benanga:flood_level:sec';

function connect(from: string, headers: Record<string, string> = {}) {
  return connectLive(base, clients, { extraHeaders: proxied(from, headers) });
}

function loginFrom(from: string, user: string, password: string): Promise<Response> {
  return fetch(`${base}/api/auth/login`, { method: 'POST', headers: proxied(from, { 'content-type': 'application/json' }), body: JSON.stringify({ user, password }) });
}

async function sessionFrom(from: string, user: string): Promise<string> {
  const res = await loginFrom(from, user, `${user}-password-1`);
  expect(res.status).toBe(200);
  return cookieFrom(res, 'pantau_session')!;
}

/** What our pretend proxy adds to every request: the client's address and the scheme it used. */
const proxied = (from: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': from, 'x-forwarded-proto': 'http', ...extra });

let loggedOut = '';

async function startProxiedWeb(): Promise<void> {
  web = await startWeb({
    db,
    auth,
    env: {
      HOST: '127.0.0.1', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', PROTOCOL_HEADER: 'x-forwarded-proto',
      PANTAU_LIVE_MAX_CLIENTS: '8', PANTAU_LIVE_MAX_PER_ADDRESS: '3', PANTAU_LIVE_MAX_STAFF_CLIENTS: '20', PANTAU_LIVE_CONNECTS_PER_MIN: '60'
    },
    untilMqtt: proxied('127.0.0.1')
  });
  base = web.url;
}

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  auth = await createTestAuth([
    { user: 'sari', role: 'responder' },
    { user: 'budi', role: 'operator' }
  ]);
  await startProxiedWeb();
  const now = Date.now();
  const raised: AlertEvent = { type: 'raised', at: now, by: 'pantau', alert: alert(ALERT_ID, now) };
  expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(raised))).code).toBe(0);
}, 90_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await web?.stop();
  await auth?.cleanup();
  await dropDatabase(services.influxUrl, db);
});

describe('Socket.IO budgets', () => {
  it('answers alerts:since with a bounded page, a few times, however fast it is asked', async () => {
    const at = Date.now();
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ type: 'raised', at: at + i, by: 'pantau', alert: alert(`flood-benanga:statistical:s${i}`, at + i) }));
    await mosquittoPubLines(services.mqttUrl, TOPICS.alertEvents, lines);
    const anon = await connect('198.51.100.1');
    await waitFor('300 events in the ring', async () => (await snapshotSeq()) >= 301);
    const replies: SequencedAlertEvent[][] = await Promise.all(Array.from({ length: 10 }, () => anon.client.timeout(10_000).emitWithAck('alerts:since', 0)));
    expect(Math.max(...replies.map((r) => r.length))).toBeLessThanOrEqual(200);
    expect(replies.filter((r) => r.length > 0).length).toBeLessThanOrEqual(3);
    anon.client.close();
  });

  it('caps anonymous sockets per address and in all, and still lets a responder and the kiosk in', async () => {
    await new Promise((r) => setTimeout(r, 500)); // the sockets of the test before are gone
    const fromOne = [];
    for (let i = 0; i < 4; i++) fromOne.push(await connect('203.0.113.1'));
    expect(fromOne.filter((c) => c.snapshot).length).toBe(3);
    expect(fromOne.filter((c) => c.refused === 'too many clients').length).toBe(1);
    for (let i = 2; i <= 6; i++) await connect(`203.0.113.${i}`);
    expect((await connect('203.0.113.99')).refused).toBe('too many clients');
    const sari = await connect('203.0.113.50', { cookie: await sessionFrom('203.0.113.50', 'sari') });
    expect(sari.snapshot).toBeDefined();
    const kiosk = await connect('203.0.113.51', { cookie: `pantau_kiosk=${auth.kioskToken}` });
    expect(kiosk.snapshot).toBeDefined();
    const ack = await act(sari.client, { alertId: ALERT_ID, action: 'acknowledge' });
    expect(ack.ok).toBe(true);
    for (const c of clients) c.close();
  });

  it('bounds how fast one address joins anonymously: a burst, then one a second, with a reason when refused', async () => {
    const joins: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await connect('203.0.113.80');
      joins.push(c.snapshot ? 'in' : String(c.refused));
      c.client.close(); // never more than one open: the per-address socket cap is not what refuses
    }
    expect(joins).toEqual(['in', 'in', 'in', 'too many connections from this address']);
    expect((await connect('203.0.113.81')).snapshot).toBeDefined();
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await connect('203.0.113.80')).snapshot).toBeDefined();
    for (const c of clients) c.close();
  });
});

describe('alert actions over HTTP', () => {
  it('work for a responder without any socket, and are refused to anonymous and cross-site callers', async () => {
    const url = `${base}/api/alerts/${encodeURIComponent(ALERT_ID)}/actions`;
    const post = (from: string, body: unknown, extra: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: proxied(from, { 'content-type': 'application/json', ...extra }), body: JSON.stringify(body) });
    const cookie = await sessionFrom('203.0.113.60', 'sari');
    const ok = await post('203.0.113.60', { action: 'comment', text: 'lewat HTTP' }, { cookie });
    expect(ok.status).toBe(200);
    const done = (await ok.json()) as ActionResult;
    expect(done.ok && done.event.by).toBe('sari');
    expect((await post('203.0.113.61', { action: 'resolve' })).status).toBe(403);
    expect((await post('203.0.113.60', { action: 'resolve' }, { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('203.0.113.60', { action: 'comment', text: 'x' }, { cookie: cookie.replace('pantau_session=', 'pantau_session=x') })).status).toBe(403);
    const missing = await fetch(`${base}/api/alerts/no-such-alert/actions`, { method: 'POST', headers: proxied('203.0.113.60', { cookie, 'content-type': 'application/json' }), body: '{"action":"comment","text":"x"}' });
    expect(missing.status).toBe(404);
    // a request that can never succeed as sent: 400 with its reason, not a 409 conflict
    const bad = await post('203.0.113.60', { action: 'assign', assignee: 'Tim SAR (Budi)' }, { cookie });
    expect([bad.status, ((await bad.json()) as ActionResult & { error?: string }).error]).toEqual([400, 'invalid assignee']);
  });
});

let probes = 0;
/** lastEventSeq of a fresh snapshot, each probe from its own address. */
async function snapshotSeq(): Promise<number> {
  const probe = await connect(`198.51.100.${10 + (probes++ % 200)}`);
  probe.client.close();
  return probe.snapshot?.lastEventSeq ?? 0;
}

describe('login', () => {
  it('bounds password hashing under a flood of made-up names (429, never a 5xx) and static files still answer', async () => {
    const flood = Array.from({ length: 120 }, (_, i) => loginFrom(`192.0.2.${i}`, `made-up-${i}`, 'guess-guess-guess'));
    const health = await fetch(`${base}/api/health`, { headers: proxied('192.0.2.250') });
    const statuses = await Promise.all(flood.map(async (p) => (await p).status));
    expect(health.status).toBeLessThan(500);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    expect((await loginFrom('192.0.2.200', 'budi', 'budi-password-1')).status).toBe(200);
  });

  it('behind the proxy, wrong passwords from one address never lock the user out elsewhere, and back off instead of locking', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await loginFrom('203.0.113.66', 'sari', 'wrong-password')).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.at(-1)).toBe(429);
    expect((await loginFrom('203.0.113.67', 'sari', 'sari-password-1')).status).toBe(200);
    // Backoff, not a 15-minute lockout: a few seconds later the address may try again.
    await new Promise((r) => setTimeout(r, 4_500));
    expect((await loginFrom('203.0.113.66', 'sari', 'sari-password-1')).status).toBe(200);
  });

  it('logout revokes the session: a copy of the cookie stops working, also on a socket opened before', async () => {
    const cookie = await sessionFrom('203.0.113.70', 'sari');
    const before = await connect('203.0.113.70', { cookie });
    expect((await act(before.client, { alertId: ALERT_ID, action: 'comment', text: 'before logout' })).ok).toBe(true);
    const ended = new Promise<string>((resolve) => before.client.once('disconnect', resolve));
    expect(((await (await fetch(`${base}/api/auth/me`, { headers: proxied('203.0.113.70', { cookie }) })).json()) as { user: string }).user).toBe('sari');
    const out = await fetch(`${base}/logout`, { method: 'POST', headers: proxied('203.0.113.70', { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' }), redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(((await (await fetch(`${base}/api/auth/me`, { headers: proxied('203.0.113.70', { cookie }) })).json()) as { user: string }).user).not.toBe('sari');
    const sock = await connect('203.0.113.70', { cookie });
    expect(await act(sock.client, { alertId: ALERT_ID, action: 'comment', text: 'after logout' })).toEqual({ ok: false, error: 'forbidden' });
    // The socket opened before is ended by the server with the logout (its reconnect would be identified afresh).
    expect(await ended).toBe('io server disconnect');
    expect(before.client.connected).toBe(false);
    loggedOut = cookie;
  });

  it('refuses control characters and foreign targets in next, and a malformed form cleanly', async () => {
    for (const next of ['/\t/evil.example', '/a\r\nSet-Cookie: x=1', '//evil.example', '/\\evil.example']) {
      const res = await fetch(`${base}/login`, {
        method: 'POST',
        headers: proxied('203.0.113.80', { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html' }),
        body: new URLSearchParams({ user: 'budi', password: 'budi-password-1', next }),
        redirect: 'manual'
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
    }
    const page = await (await fetch(`${base}/login?next=${encodeURIComponent('/\t/evil.example')}`, { headers: proxied('203.0.113.80') })).text();
    expect(page).not.toContain('evil.example');
    const before = web.logs().length;
    const broken = await fetch(`${base}/login`, {
      method: 'POST',
      headers: proxied('203.0.113.80', { 'content-type': 'multipart/form-data; boundary=xyz', origin: base, accept: 'text/html' }),
      body: '--xyz\r\nContent-Disposition: form-data; name="user"\r\n\r\nbudi\r\n--broken'
    });
    expect(broken.status).toBe(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(web.logs().slice(before)).not.toMatch(/\n\s+at /);
  });
});

describe('headers and origins', () => {
  it('compares the scheme of the Origin, narrows connect-src, and sends HSTS only over https', async () => {
    const https = base.replace('http://', 'https://');
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: proxied('203.0.113.90', { 'content-type': 'application/json', origin: https }), body: '{}' });
    expect(res.status).toBe(403);
    const plain = await fetch(`${base}/login`, { headers: proxied('203.0.113.90') });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    expect(plain.headers.get('content-security-policy')).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+(;|$)/);
    const tls = await fetch(`${base}/login`, { headers: proxied('203.0.113.90', { 'x-forwarded-proto': 'https' }) });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(tls.headers.get('content-security-policy')).toMatch(/connect-src 'self' wss:\/\/127\.0\.0\.1:\d+(;|$)/);
    expect((await connect('203.0.113.90', { origin: https })).refused).toBe('forbidden origin');
  });
});

describe('audit log under anonymous abuse', () => {
  it('summarises anonymous refusals without their text and keeps every entry of signed-in people', async () => {
    const anon = await connect('203.0.113.100');
    expect(anon.snapshot).toBeDefined();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => act(anon.client, { alertId: `EVIL-${i}-forged-text`, action: 'resolve' })));
    expect(results.every((r) => !r.ok)).toBe(true);
    const budi = await connect('203.0.113.101', { cookie: await sessionFrom('203.0.113.101', 'budi') });
    for (let i = 0; i < 5; i++) expect((await act(budi.client, { alertId: ALERT_ID, action: 'comment', text: `note ${i}` })).ok).toBe(true);
    const rows = await waitFor('budi’s five comments in the audit log', async () => {
      const r = await influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT}`);
      return r.filter((x) => x.user === 'budi' && x.action === 'alert:comment').length === 5 ? r : null;
    });
    expect(rows.filter((r) => JSON.stringify(r).includes('EVIL'))).toEqual([]);
    expect(rows.filter((r) => r.role === 'anonymous' && r.action === 'alert:resolve').length).toBeLessThanOrEqual(2);
  });
});

describe('a logout outlives a restart of the command center', () => {
  it('keeps the logged-out cookie refused after the web restarts', async () => {
    expect(loggedOut).not.toBe('');
    await waitFor('the logout, naming its session, in the audit log', async () =>
      (await influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT} WHERE "action" = 'logout'`)).some((r) => /session \S+ until \d+/.test(String(r.detail)))
    );
    for (const c of clients.splice(0)) c.close();
    await web.stop();
    await startProxiedWeb();
    const me = (await (await fetch(`${base}/api/auth/me`, { headers: proxied('203.0.113.70', { cookie: loggedOut }) })).json()) as { user: string };
    expect(me.user).not.toBe('sari');
    // A session that did not log out still works after the restart.
    const cookie = await sessionFrom('203.0.113.71', 'sari');
    expect(((await (await fetch(`${base}/api/auth/me`, { headers: proxied('203.0.113.71', { cookie }) })).json()) as { user: string }).user).toBe('sari');
  }, 90_000);
});
