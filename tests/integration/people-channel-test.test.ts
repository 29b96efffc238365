/**
 * "Send a test message" over HTTP on the production build, through the real broker to the real
 * notifier process and a real SMTP server: admins only, an unknown channel is 404, a failing mailbox
 * comes back as `failed` with the server's reason, a second test at once is refused (429), and the
 * admin's request and the notifier's attempt are both in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestAuth, login, type TestAuth } from '../helpers/auth';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';
import { startWeb, type TestWeb } from '../helpers/web';
import { waitFor } from '../helpers/wait';
import { clearRetainedCatalog } from '../helpers/retained-catalog';
import { startPeopleNotifier, type PeopleNotifier } from './notify-people-fixture';

const services = readTestServices();
const influxDb = uniqueDb('people_chtest');
let pg: TestDatabase;
let auth: TestAuth;
let web: TestWeb;
let smtp: TestSmtpServer;
let notifier: PeopleNotifier;
let base = '';
let channelId = 0;
const cookies: Record<string, string> = {};

function call(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { cookie: cookies[user] ?? '', origin: base };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, json: await r.json().catch(() => null) }));
}

beforeAll(async () => {
  [pg, smtp] = await Promise.all([createTestDatabase('people_chtest'), startSmtpServer()]);
  await createDatabase(services.influxUrl, influxDb);
  auth = await createTestAuth([{ user: 'wati', role: 'admin' }, { user: 'eko', role: 'engineer' }]);
  web = await startWeb({ db: influxDb, auth, env: { HOST: '127.0.0.1', DATABASE_URL: pg.url } });
  base = web.url;
  for (const u of ['wati', 'eko']) cookies[u] = await login(base, u, `${u}-password-1`);
  expect((await call('wati', 'POST', '/api/people', { person: { id: 'rina', name: 'Rina Marlina' } })).status).toBe(201);
  const added = await call('wati', 'POST', '/api/people/rina/channels', { channel: { kind: 'email', address: 'rina@bpbd.test' } });
  channelId = added.json.channel.id;
  notifier = await startPeopleNotifier({ db: influxDb, databaseUrl: pg.url, publicUrl: base, env: { SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@pantau.test>' } });
}, 120_000);

afterAll(async () => {
  await notifier?.stop();
  await web?.stop();
  await smtp?.close();
  await auth?.cleanup();
  await pg?.drop();
  await dropDatabase(services.influxUrl, influxDb);
  await clearRetainedCatalog(services.mqttUrl);
});

describe('test message to a channel', () => {
  it('is for admins only, and only for a channel that exists', async () => {
    expect((await call('eko', 'POST', `/api/people/rina/channels/${channelId}/test`, {})).status).toBe(403);
    expect((await call('wati', 'POST', '/api/people/rina/channels/99999/test', {})).status).toBe(404);
    expect((await call('wati', 'POST', `/api/people/nobody/channels/${channelId}/test`, {})).status).toBe(404);
    expect(smtp.messages).toHaveLength(0);
  });

  it('brings back the mail server’s refusal, refuses a second test at once, and audits both sides', async () => {
    smtp.failWith({ at: 'rcpt', code: 550, message: 'mailbox unavailable' });
    const asked = await call('wati', 'POST', `/api/people/rina/channels/${channelId}/test`, {});
    expect(asked).toMatchObject({ status: 202, json: { ok: true, requestId: expect.any(String) } });
    const path = `/api/people/rina/channels/${channelId}/test?request=${asked.json.requestId}`;
    const result = await waitFor('the notifier’s answer', async () => (await call('wati', 'GET', path)).json.result, { timeoutMs: 30_000 });
    expect(result).toMatchObject({ personId: 'rina', channelId, kind: 'email', status: 'failed' });
    expect(result.error).toContain('550');
    // The answer belongs to its channel: the same request id asked under another path is nothing.
    expect((await call('wati', 'GET', `/api/people/rina/channels/${channelId + 1}/test?request=${asked.json.requestId}`)).json.result).toBeNull();

    const again = await call('wati', 'POST', `/api/people/rina/channels/${channelId}/test`, {});
    expect(again).toMatchObject({ status: 429, json: { code: 'RATE_LIMITED' } });

    const audit = await waitFor('audit entries', async () => {
      const rows = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "action" = 'people:channel-test' AND "target" = 'rina/${channelId}'`);
      return rows.length >= 4 ? rows : null;
    });
    expect(audit.map((r) => `${String(r.user)}:${String(r.ok)}`).sort()).toEqual(['eko:false', 'notifier:false', 'wati:false', 'wati:true']); // eko's refusal from the first test too
    expect(audit.find((r) => r.user === 'notifier')?.detail).toContain('550');
    expect(JSON.stringify(audit)).not.toContain('rina@bpbd.test');
  }, 60_000);
});
