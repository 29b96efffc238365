/**
 * The responder app's "send me a test notification" on the production build: the signed-in person's
 * channels get a test message each, through the real broker, the real notifier process, a real SMTP
 * server and the decrypting Web Push endpoint; a channel kind the notifier has no settings for comes
 * back as "not set up", a second press at once as "tested too often", and a login that is not a person
 * is told so. The request and the notifier's attempts are in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestAuth, login, type TestAuth } from '../helpers/auth';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startPushEndpoint, type PushEndpoint } from '../helpers/push-endpoint';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';
import { startWeb, type TestWeb } from '../helpers/web';
import { waitFor } from '../helpers/wait';
import { clearRetainedCatalog } from '../helpers/retained-catalog';
import { seedDirectory, startPeopleNotifier, vapidEnv, type PeopleNotifier } from './notify-people-fixture';

const services = readTestServices();
const influxDb = uniqueDb('app_selftest');
let pg: TestDatabase;
let auth: TestAuth;
let web: TestWeb;
let smtp: TestSmtpServer;
let push: PushEndpoint;
let notifier: PeopleNotifier;
let pushId = '';
const cookies: Record<string, string> = {};

function call(user: string, method: string, path: string): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { cookie: cookies[user] ?? '', origin: web.url };
  if (method === 'POST') headers['content-type'] = 'application/json';
  return fetch(`${web.url}${path}`, { method, headers, body: method === 'POST' ? '{}' : undefined }).then(async (r) => ({ status: r.status, json: await r.json().catch(() => null) }));
}

beforeAll(async () => {
  [pg, smtp, push] = await Promise.all([createTestDatabase('app_selftest'), startSmtpServer(), startPushEndpoint()]);
  await createDatabase(services.influxUrl, influxDb);
  const sub = push.subscribe();
  pushId = sub.id;
  await seedDirectory(pg.url, {
    people: [
      {
        person: { id: 'rina', name: 'Rina', user: 'rina' },
        channels: [
          { kind: 'webpush', address: sub.address, rank: 0, enabled: true },
          { kind: 'email', address: 'rina@bpbd.test', rank: 1, enabled: true },
          { kind: 'telegram', address: '123456789', rank: 2, enabled: true }
        ]
      }
    ]
  });
  auth = await createTestAuth([{ user: 'rina', role: 'responder' }, { user: 'tamu', role: 'responder' }]);
  const vapid = vapidEnv();
  web = await startWeb({ db: influxDb, auth, env: { HOST: '127.0.0.1', DATABASE_URL: pg.url, VAPID_PUBLIC_KEY: vapid.VAPID_PUBLIC_KEY } });
  for (const u of ['rina', 'tamu']) cookies[u] = await login(web.url, u, `${u}-password-1`);
  // No TELEGRAM_* settings: that channel is "not set up" in this notifier.
  notifier = await startPeopleNotifier({
    db: influxDb,
    databaseUrl: pg.url,
    publicUrl: web.url,
    env: { SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@pantau.test>', ...vapid, NODE_EXTRA_CA_CERTS: push.caFile }
  });
}, 120_000);

afterAll(async () => {
  await notifier?.stop();
  await web?.stop();
  await smtp?.close();
  await push?.close();
  await auth?.cleanup();
  await pg?.drop();
  await dropDatabase(services.influxUrl, influxDb);
  await clearRetainedCatalog(services.mqttUrl);
});

describe('responder app: send me a test notification', () => {
  it('reaches each of my channels for real, and says per channel what happened', async () => {
    const asked = await call('rina', 'POST', '/app/self-test');
    expect(asked.status).toBe(202);
    const channels = asked.json.channels as { kind: string; requestId?: string; status: string }[];
    expect(channels.map((c) => `${c.kind}:${c.status}`)).toEqual(['webpush:waiting', 'email:waiting', 'telegram:waiting']);
    const ids = channels.map((c) => c.requestId).join(',');
    const results = await waitFor(
      'the notifier’s answers',
      async () => {
        const r = (await call('rina', 'GET', `/app/self-test?requests=${ids}`)).json.results;
        return Object.keys(r).length === 3 ? r : null;
      },
      { timeoutMs: 30_000 }
    );
    expect(channels.map((c) => results[c.requestId!].status)).toEqual(['sent', 'sent', 'failed']);
    expect(results[channels[2].requestId!]).toMatchObject({ problem: 'notSetUp', detail: expect.stringContaining('telegram') });

    // The messages themselves arrived: the mail at the SMTP server, the push decrypted with the phone's keys.
    const mail = await waitFor('the test email', () => smtp.messages.find((m) => m.to.includes('rina@bpbd.test')));
    expect(mail.subject).toContain('Pantau: pesan uji');
    expect(mail.text).toContain('Rina');
    const pushed = await waitFor('the test push', () => push.received.find((p) => p.subscriptionId === pushId));
    expect(JSON.parse(pushed.plaintext)).toMatchObject({ title: 'Pantau: pesan uji', lang: 'id' });

    // Someone else cannot read my answers.
    expect((await call('tamu', 'GET', `/app/self-test?requests=${ids}`)).status).toBe(404);
  }, 60_000);

  it('a second press at once is held by the channel test limit, and nothing more is sent', async () => {
    const mails = smtp.messages.length;
    const again = await call('rina', 'POST', '/app/self-test');
    expect(again.status).toBe(200);
    expect(again.json.channels.map((c: { problem?: string }) => c.problem)).toEqual(['rate', 'rate', 'rate']);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.messages.length).toBe(mails);
  });

  it('tells a login that is not a person so, and audits the self tests', async () => {
    expect(await call('tamu', 'POST', '/app/self-test')).toMatchObject({ status: 404, json: { code: 'NOT_A_PERSON' } });
    const rows = await waitFor('audit entries', async () => {
      const r = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "action" = 'people:self-test' OR "action" = 'people:channel-test'`);
      return r.length >= 5 ? r : null;
    });
    const self = rows.filter((r) => r.action === 'people:self-test');
    expect(self.map((r) => `${String(r.user)}:${String(r.ok)}`)).toEqual(['rina:true', 'rina:false']);
    expect(rows.filter((r) => r.action === 'people:channel-test' && r.user === 'notifier').map((r) => String(r.ok)).sort()).toEqual(['false', 'true', 'true']);
  });
});
