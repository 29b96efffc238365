/**
 * The people directory over HTTP on the production build, with the real PostgreSQL and InfluxDB of
 * `npm test`: admins only (others refused and audited), problems as data with their paths, push keys
 * never returned, every change audited (deletes with their reason) and bumping the version the
 * notifier polls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestAuth, login, type TestAuth } from '../helpers/auth';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startWeb, type TestWeb } from '../helpers/web';
import { waitFor } from '../helpers/wait';
import { clearRetainedCatalog } from '../helpers/retained-catalog';

const services = readTestServices();
const influxDb = uniqueDb('people_api');
const p256dh = 'B' + 'x'.repeat(86);
const authKey = 'k'.repeat(22);
let pg: TestDatabase;
let auth: TestAuth;
let web: TestWeb;
let base = '';
const cookies: Record<string, string> = {};

function call(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const headers: Record<string, string> = { cookie: cookies[user] ?? '', origin: base };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => {
    const text = await r.text();
    return { status: r.status, text, json: text.startsWith('{') ? JSON.parse(text) : null };
  });
}

const auditRows = (user: string) => influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "user" = '${user}'`);

beforeAll(async () => {
  pg = await createTestDatabase('people_api');
  await createDatabase(services.influxUrl, influxDb);
  auth = await createTestAuth([{ user: 'wati', role: 'admin' }, { user: 'eko', role: 'engineer' }, { user: 'sari', role: 'responder' }]);
  web = await startWeb({ db: influxDb, auth, env: { HOST: '127.0.0.1', DATABASE_URL: pg.url } });
  base = web.url;
  for (const u of ['wati', 'eko', 'sari']) cookies[u] = await login(base, u, `${u}-password-1`);
}, 90_000);

afterAll(async () => {
  await web?.stop();
  await auth?.cleanup();
  await pg?.drop();
  await dropDatabase(services.influxUrl, influxDb);
  await clearRetainedCatalog(services.mqttUrl);
});

describe('people API', () => {
  it('is for admins only: an engineer and a responder are refused, and the refusal is audited', async () => {
    expect((await call('eko', 'GET', '/api/people')).status).toBe(403);
    expect((await call('sari', 'POST', '/api/people', { person: { id: 'sari', name: 'Sari' } })).status).toBe(403);
    expect((await call('eko', 'GET', '/api/teams')).status).toBe(403);
    expect((await call('eko', 'GET', '/people')).status).toBe(403);
    const list = await call('wati', 'GET', '/api/people');
    expect(list).toMatchObject({ status: 200, json: { version: 0, people: [], teams: [], shifts: [] } });
    expect((await call('wati', 'GET', '/people')).status).toBe(200);
    await waitFor('the refusal in the audit log', async () => (await auditRows('sari')).some((r) => r.action === 'people:create' && r.ok === false && String(r.detail).includes('admins only')));
  });

  it('answers every problem at once with its path', async () => {
    const bad = await call('wati', 'POST', '/api/people', { person: { id: 'Bad Id', name: '', quietHours: { startMin: 2000, endMin: 0 } } });
    expect(bad).toMatchObject({ status: 400, json: { ok: false, code: 'INVALID' } });
    expect(bad.json.errors).toEqual([expect.stringMatching(/^id must be/), 'name must be a non-empty string', 'quietHours: startMin must be a whole minute in [0, 1439]']);
    const typo = await call('wati', 'POST', '/api/people', { person: { id: 'rina', name: 'Rina Marlina', user: 'sary' } });
    expect(typo).toMatchObject({ status: 400, json: { errors: [expect.stringContaining('"sary" is not a login of this command center')] } });
    const created = await call('wati', 'POST', '/api/people', { person: { id: 'rina', name: 'Rina Marlina', user: 'sari' } });
    expect(created).toMatchObject({ status: 201, json: { ok: true, version: 1, person: { id: 'rina', revision: 1, updatedBy: 'wati' } } });
    const wa = await call('wati', 'POST', '/api/people/rina/channels', { channel: { kind: 'whatsapp', address: '+6281234567890' } });
    expect(wa).toMatchObject({ status: 400, json: { errors: [expect.stringContaining('channel: address must be a WhatsApp number')] } });
    const sub = await call('wati', 'POST', '/api/people/rina/subscriptions', { subscription: { districts: ['Atlantis'] } });
    expect(sub).toMatchObject({ status: 400, json: { errors: ['subscription: districts[0]: must name districts of the city'] } });
  });

  it('never returns a push subscription’s keys, only its service’s host', async () => {
    const push = { kind: 'webpush', address: { endpoint: 'https://push.example.invalid/wpush/v2/abc', keys: { p256dh, auth: authKey } } };
    expect(await call('wati', 'POST', '/api/people/rina/channels', { channel: push })).toMatchObject({ status: 201, json: { channel: { kind: 'webpush', address: 'push.example.invalid' } } });
    expect((await call('wati', 'POST', '/api/people/rina/channels', { channel: { kind: 'email', address: 'rina@bpbd.example.invalid', rank: 1 } })).status).toBe(201);
    for (const path of ['/api/people', '/api/people/rina']) {
      const r = await call('wati', 'GET', path);
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(p256dh);
      expect(r.text).not.toContain(authKey);
      expect(r.text).not.toContain('/wpush/');
    }
    const page = await call('wati', 'GET', '/people');
    expect(page.text).toContain('rina@bpbd.example.invalid');
    expect(page.text).not.toContain(p256dh);
  });

  it('keeps teams and shifts, refuses stale edits, and audits deletes with their reason', async () => {
    const team = await call('wati', 'POST', '/api/teams', { team: { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: ['flood'], leadPersonId: 'rina' } });
    expect(team).toMatchObject({ status: 201, json: { team: { id: 'bpbd', backupAfterMin: 10, leadAfterMin: 20, revision: 1 } } });
    const edit = await call('wati', 'PATCH', '/api/teams/bpbd', { changes: { backupAfterMin: 5 }, revision: 1 });
    expect(edit).toMatchObject({ status: 200, json: { team: { backupAfterMin: 5, revision: 2 } } });
    expect((await call('wati', 'PATCH', '/api/teams/bpbd', { changes: { backupAfterMin: 7 }, revision: 1 })).status).toBe(409);
    const start = Date.now() - 3_600_000;
    const shift = await call('wati', 'POST', '/api/teams/bpbd/shifts', { shift: { personId: 'rina', role: 'primary', start, end: start + 8 * 3_600_000 } });
    expect(shift).toMatchObject({ status: 201, json: { shift: { teamId: 'bpbd', personId: 'rina', role: 'primary', start } } });
    const listed = await call('wati', 'GET', '/api/teams/bpbd/shifts');
    expect(listed.json.shifts.map((s: { id: number }) => s.id)).toEqual([shift.json.shift.id]);
    // A window asked for in ISO needs its zone (WITA is +08:00); without one it is refused, not read in the server's zone.
    const day = new Date(start - 86_400_000).toISOString().slice(0, 16);
    expect((await call('wati', 'GET', `/api/teams/bpbd/shifts?from=${day}`)).status).toBe(400);
    const zoned = await call('wati', 'GET', `/api/teams/bpbd/shifts?from=${encodeURIComponent(`${day}+08:00`)}`);
    expect(zoned.json.shifts.map((s: { id: number }) => s.id)).toEqual([shift.json.shift.id]);

    const noReason = await call('wati', 'DELETE', '/api/people/rina', {});
    expect(noReason).toMatchObject({ status: 400, json: { errors: [expect.stringMatching(/reason is required/)] } });
    const before = (await call('wati', 'GET', '/api/people')).json.version;
    expect(await call('wati', 'DELETE', '/api/people/rina', { reason: 'pindah tugas ke Balikpapan' })).toMatchObject({ status: 200, json: { ok: true, version: before + 1 } });
    const after = (await call('wati', 'GET', '/api/people')).json;
    expect(after.people).toEqual([]);
    expect(after.shifts).toEqual([]);
    expect(after.teams[0].leadPersonId).toBeUndefined();
    await waitFor('the delete and the edits in the audit log', async () => {
      const rows = await auditRows('wati');
      return (
        rows.some((r) => r.action === 'people:delete' && r.ok === true && r.target === 'rina' && r.detail === 'pindah tugas ke Balikpapan') &&
        rows.some((r) => r.action === 'people:team-edit' && r.ok === false && String(r.detail).includes('changed meanwhile')) &&
        rows.some((r) => r.action === 'people:channel-add' && r.ok === true && r.detail === 'webpush push.example.invalid (rank 0)')
      );
    });
  });
});
