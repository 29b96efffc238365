import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { TOPICS } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { cookieFrom, createTestAuth, login, type TestAuth } from '../helpers/auth';
import { act, benangaAlert, connectLive, type LiveClient } from '../helpers/live-client';
import { waitFor } from '../helpers/wait';
import { startWeb, type TestWeb } from '../helpers/web';
import { mosquittoPub } from './mqtt-tools';

const services = readTestServices();
const db = uniqueDb('auth');
let auth: TestAuth;
let web: TestWeb;
let base = '';
const clients: LiveClient[] = [];

/** A socket.io-client with the given headers; resolves once it has its snapshot, or with the refusal. */
function connect(extraHeaders: Record<string, string> = {}, authPayload: Record<string, string> = {}) {
  return connectLive(base, clients, { extraHeaders, auth: authPayload });
}

async function raiseAlert(id: string): Promise<void> {
  const event: AlertEvent = { type: 'raised', at: Date.now(), by: 'ingest', alert: benangaAlert(id, Date.now()) };
  expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(event))).code).toBe(0);
}

async function auditRows(): Promise<Record<string, unknown>[]> {
  return influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT}`);
}

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  auth = await createTestAuth([
    { user: 'sari', role: 'responder' },
    { user: 'budi', role: 'operator' },
    { user: 'admin', role: 'admin' },
    { user: 'eko', role: 'engineer' }
  ]);
  web = await startWeb({ db, auth, env: { HOST: '127.0.0.1' }, untilMqtt: {} });
  base = web.url;
}, 90_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await web?.stop();
  await auth?.cleanup();
  await dropDatabase(services.influxUrl, db);
});

describe('security headers', () => {
  it('sends a CSP without remote origins and the other headers on pages and API answers', async () => {
    const page = await fetch(`${base}/login`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("img-src 'self' data: blob:");
    // Only this site's own WebSocket endpoint, never ws:/wss: to any host.
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:\/\//);
    for (const res of [page, await fetch(`${base}/api/health`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('permissions-policy')).toContain('camera=()');
    }
  });
});

describe('login', () => {
  it('refuses a wrong password (JSON and form) and sets no cookie', async () => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'sari', password: 'wrong-password' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('INVALID_LOGIN');
    expect(cookieFrom(res, 'pantau_session')).toBeNull();
    const form = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base },
      body: new URLSearchParams({ user: 'sari', password: 'also-wrong', next: '/' }),
      redirect: 'manual'
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('Nama pengguna atau kata sandi salah.');
    expect(cookieFrom(form, 'pantau_session')).toBeNull();
  });

  it('rate-limits repeated failures for one user and address', async () => {
    const attempt = () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'eko', password: 'not-it-at-all' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const right = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'eko', password: 'eko-password-1' }) });
    expect(right.status).toBe(429);
  });

  it('refuses a cross-site JSON post', async () => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ user: 'sari', password: 'sari-password-1' })
    });
    expect(res.status).toBe(403);
    expect(cookieFrom(res, 'pantau_session')).toBeNull();
  });

  it('gives an HttpOnly, SameSite=Strict session cookie that expires in 12 h', async () => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'sari', password: 'sari-password-1' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: 'sari', role: 'responder' });
    const header = res.headers.getSetCookie().find((h) => h.startsWith('pantau_session='))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Strict/i);
    expect(header).toMatch(/Max-Age=43200/);
    const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: header.split(';')[0] } });
    expect(await me.json()).toMatchObject({ user: 'sari', role: 'responder' });
  });
});

describe('authenticated Socket.IO', () => {
  it('lets a responder acknowledge, refuses an operator resolving and anonymous acting', async () => {
    const sari = await connect({ cookie: await login(base, 'sari', 'sari-password-1') });
    const budi = await connect({ cookie: await login(base, 'budi', 'budi-password-1') });
    const anon = await connect();
    expect(sari.snapshot && budi.snapshot && anon.snapshot).toBeTruthy();
    await raiseAlert('flood-benanga:flood_level:auth');
    await waitFor('the raised alert at every client', () => [sari, budi, anon].every((c) => c.alerts.some((e) => e.alert.id === 'flood-benanga:flood_level:auth')));
    const alertId = 'flood-benanga:flood_level:auth';

    const ack = await act(sari.client, { alertId, action: 'acknowledge', assignee: undefined });
    expect(ack.ok).toBe(true);
    expect(ack.ok && ack.event.by).toBe('sari');
    expect(ack.ok && ack.event.alert.acknowledgedBy).toBe('sari');

    expect(await act(budi.client, { alertId, action: 'resolve' })).toEqual({ ok: false, error: 'forbidden' });
    const comment = await act(budi.client, { alertId, action: 'comment', text: 'sudah dicek' });
    expect(comment.ok).toBe(true);
    expect(await act(anon.client, { alertId, action: 'acknowledge' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await act(anon.client, { alertId, action: 'comment', text: 'hi' })).toEqual({ ok: false, error: 'forbidden' });
    // The browser's display name is ignored: claiming to be someone proves nothing.
    const claimed = await connect({}, { user: 'sari' });
    expect(await act(claimed.client, { alertId, action: 'resolve' })).toEqual({ ok: false, error: 'forbidden' });
    await waitFor('the alert still open, not resolved', () => budi.alerts.some((e) => e.type === 'commented'));
    expect([...sari.alerts, ...budi.alerts].some((e) => e.type === 'resolved')).toBe(false);
  });

  it('refuses a handshake from a foreign Origin, even with a valid session', async () => {
    const cookie = await login(base, 'sari', 'sari-password-1');
    const foreign = await connect({ cookie, origin: 'http://evil.example' });
    expect(foreign.refused).toBe('forbidden origin');
    const same = await connect({ cookie, origin: base });
    expect(same.snapshot).toBeDefined();
  });

  it('gives a kiosk token read-only access, and keeps it as a cookie', async () => {
    const page = await fetch(`${base}/?kiosk=${auth.kioskToken}`);
    expect(page.status).toBe(200);
    const kioskCookie = cookieFrom(page, 'pantau_kiosk');
    expect(kioskCookie).toBe(`pantau_kiosk=${auth.kioskToken}`);
    const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: kioskCookie! } });
    expect(await me.json()).toMatchObject({ user: 'kiosk', role: 'kiosk', permissions: ['view'] });
    const kiosk = await connect({ cookie: kioskCookie! });
    expect(kiosk.snapshot?.alerts.some((a) => a.id === 'flood-benanga:flood_level:auth')).toBe(true);
    expect(await act(kiosk.client, { alertId: 'flood-benanga:flood_level:auth', action: 'acknowledge' })).toEqual({ ok: false, error: 'forbidden' });
    expect(cookieFrom(await fetch(`${base}/?kiosk=not-a-valid-token-123`), 'pantau_kiosk')).toBeNull();
  });
});

describe('audit log', () => {
  it('holds logins, actions and refusals, and only admins can read it', async () => {
    const rows = await waitFor('audit entries in InfluxDB', async () => {
      const r = await auditRows();
      return r.some((x) => x.action === 'alert:comment') && r.filter((x) => x.detail === 'forbidden').length >= 4 ? r : null;
    });
    const has = (match: Record<string, unknown>) => rows.some((r) => Object.entries(match).every(([k, v]) => r[k] === v));
    expect(has({ action: 'login', user: 'sari', ok: false })).toBe(true);
    expect(has({ action: 'login', user: 'sari', ok: true, role: 'responder' })).toBe(true);
    expect(rows.some((r) => r.action === 'login' && r.user === 'eko' && String(r.detail).startsWith('rate_limited'))).toBe(true);
    expect(has({ action: 'alert:acknowledge', user: 'sari', ok: true, target: 'flood-benanga:flood_level:auth' })).toBe(true);
    expect(has({ action: 'alert:resolve', user: 'budi', role: 'operator', ok: false, detail: 'forbidden' })).toBe(true);
    expect(has({ action: 'alert:acknowledge', user: 'anonymous', ok: false, detail: 'forbidden' })).toBe(true);
    expect(has({ action: 'alert:acknowledge', user: 'kiosk', ok: false })).toBe(true);

    expect((await fetch(`${base}/audit`, { redirect: 'manual' })).status).toBe(303);
    const asOperator = await fetch(`${base}/audit`, { headers: { cookie: await login(base, 'budi', 'budi-password-1') } });
    expect(asOperator.status).toBe(403);
    const asAdmin = await fetch(`${base}/audit`, { headers: { cookie: await login(base, 'admin', 'admin-password-1') } });
    expect(asAdmin.status).toBe(200);
    const html = await asAdmin.text();
    expect(html).toContain('alert:resolve');
    // Newest first: the admin's own login comes before sari's acknowledge.
    expect(html.indexOf('data-action="login"')).toBeLessThan(html.indexOf('data-action="alert:acknowledge"'));
  });

  it("logs out: the cookie is cleared, the session's open sockets end and the logout is audited", async () => {
    const cookie = await login(base, 'sari', 'sari-password-1');
    const live = await connect({ cookie });
    expect(live.snapshot).toBeDefined();
    const ended = new Promise<string>((resolve) => live.client.once('disconnect', resolve));
    const res = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().some((h) => /^pantau_session=;/.test(h) && /Max-Age=0/i.test(h))).toBe(true);
    // Ended by the server with the logout, not at the next 15 s check: it no longer hears the people room.
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still connected after 2 s'), 2_000))])).toBe('io server disconnect');
    await waitFor('the logout entry', async () => (await auditRows()).some((r) => r.action === 'logout' && r.user === 'sari'));
  });
});

describe('/api/health with anonymous viewing off', () => {
  it('tells a caller with no login each role’s state only, and a logged-in person the processes too', async () => {
    const locked = await startWeb({ db, auth, env: { HOST: '127.0.0.1', PANTAU_ANONYMOUS_READ: 'false' }, untilMqtt: {} });
    try {
      const anon = (await (await fetch(`${locked.url}/api/health`)).json()) as { pipeline: { roles: Record<string, unknown>[]; processes?: unknown } };
      expect(anon.pipeline.processes).toBeUndefined();
      expect(anon.pipeline.roles.map((r) => Object.keys(r).sort())).toEqual([
        ['alarm', 'role', 'state'],
        ['alarm', 'role', 'state']
      ]);
      const login = await fetch(`${locked.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'budi', password: 'budi-password-1' }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().find((h) => h.startsWith('pantau_session='))!.split(';')[0];
      const viewer = (await (await fetch(`${locked.url}/api/health`, { headers: { cookie } })).json()) as { pipeline: { processes?: unknown } };
      expect(Array.isArray(viewer.pipeline.processes)).toBe(true);
    } finally {
      await locked.stop();
    }
  }, 90_000);
});
