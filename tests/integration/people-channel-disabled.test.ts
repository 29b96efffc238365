/**
 * The notifier disabling a dead push channel is a directory change like an admin's: the real notifier
 * process gets 410 from a real HTTPS push endpoint, the channel is switched off in PostgreSQL (the
 * directory version moves) and the audit log in InfluxDB says so, as user `notifier`, without the
 * subscription's address. The person still gets the alert by their next channel (a real SMTP server).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/lib/core/topic';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startPushEndpoint, type PushEndpoint } from '../helpers/push-endpoint';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { seedDirectory, startPeopleNotifier, vapidEnv, type PeopleNotifier } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('peopledisabled');
let pgDb: TestDatabase;
let push: PushEndpoint;
let smtp: TestSmtpServer;
let notifier: PeopleNotifier;
let pushAddress = '';

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  [pgDb, push, smtp] = await Promise.all([createTestDatabase('peopledisabled'), startPushEndpoint(), startSmtpServer()]);
  const sub = push.subscribe();
  pushAddress = JSON.stringify(sub.address);
  await seedDirectory(pgDb.url, {
    people: [{ person: { id: 'rina', name: 'Rina' }, channels: [{ kind: 'webpush', address: sub.address, rank: 0, enabled: true }, { kind: 'email', address: 'rina@bpbd.test', rank: 1, enabled: true }], subscriptions: [{ kinds: ['flood'] }] }]
  });
  notifier = await startPeopleNotifier({ db, databaseUrl: pgDb.url, publicUrl: 'https://pantau.test', env: { SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@pantau.test>', ...vapidEnv(), NODE_EXTRA_CA_CERTS: push.caFile } });
  push.failWith({ status: 410, body: 'subscription expired' });
}, 90_000);

afterAll(async () => {
  await notifier?.stop();
  await Promise.all([push?.close(), smtp?.close()]);
  await pgDb?.drop();
  await dropDatabase(services.influxUrl, db);
});

describe('notifier disables a dead push channel', () => {
  it('switches it off in the directory and audits it as notifier, without the address', async () => {
    const pool = new pg.Pool({ connectionString: pgDb.url, max: 1 });
    try {
      const versionBefore = Number((await pool.query('SELECT version FROM directory_state')).rows[0].version);
      const e = makeAlertEvent({ id: 'flood-palaran:flood_level:gone1', severity: 'warning', at: Date.now() });
      e.alert.kind = 'flood';
      expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);

      await waitFor('Rina mailed after the push failed', () => smtp.messages.find((m) => m.to.includes('rina@bpbd.test')));
      const channel = await waitFor('push channel disabled', async () => {
        const rows = (await pool.query("SELECT id, enabled FROM person_channels WHERE person_id = 'rina' AND kind = 'webpush'")).rows as { id: number; enabled: boolean }[];
        return rows[0] && !rows[0].enabled ? rows[0] : null;
      });
      const versionAfter = Number((await pool.query('SELECT version FROM directory_state')).rows[0].version);
      expect(versionAfter).toBeGreaterThan(versionBefore);

      const audit = await waitFor('channel-disabled audit entry', async () => {
        const rows = await influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT} WHERE "action" = 'people:channel-disabled'`);
        return rows.length > 0 ? rows : null;
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ user: 'notifier', target: `rina/${channel.id}` });
      expect(String(audit[0].ok)).toBe('true');
      expect(String(audit[0].detail)).toContain('webpush 410');
      expect(JSON.stringify(audit)).not.toContain(push.origin);
      expect(JSON.stringify(audit)).not.toContain(pushAddress.slice(0, 40));
    } finally {
      await pool.end();
    }
  }, 60_000);
});
