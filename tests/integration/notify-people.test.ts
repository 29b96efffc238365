/**
 * Delivery to people through the real notifier process: alert events published on the real broker,
 * the directory in real PostgreSQL, records in real InfluxDB; messages arrive at a real SMTP server,
 * an HTTPS push endpoint that checks VAPID and decrypts, and a local WhatsApp Cloud API stand-in.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { DeliveryRecord } from '../../src/lib/core/people';
import { TOPICS } from '../../src/lib/core/topic';
import { formatAuditDetail } from '../../src/lib/i18n/audit-detail';
import { parseAuditRow } from '../../src/lib/server/auth/audit';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';
import { startPushEndpoint, type PushEndpoint } from '../helpers/push-endpoint';
import { startFakeWhatsApp, WHATSAPP_ERRORS, type FakeWhatsApp } from '../helpers/fake-whatsapp';
import { scrape } from '../helpers/scrape';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { ackLinkIn, seedDirectory, startPeopleNotifier, vapidEnv, type PeopleNotifier } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifypeople');
const DIGEST_WINDOW_S = 5;
let pgDb: TestDatabase;
let smtp: TestSmtpServer;
let push: PushEndpoint;
let wa: FakeWhatsApp;
let notifier: PeopleNotifier;
let listener: mqtt.MqttClient;
const records: DeliveryRecord[] = [];
let aniPushId = '';

/** Minutes after WITA midnight, now: quiet hours around it are in force for the whole test. */
const witaNow = Math.floor(((Date.now() + 8 * 3_600_000) % 86_400_000) / 60_000);
const quietAroundNow = { startMin: (witaNow + 1_440 - 120) % 1_440, endMin: (witaNow + 120) % 1_440 };

function event(id: string, over: { severity?: 'warning' | 'critical'; kind?: 'flood' | 'traffic'; district?: string } = {}): AlertEvent {
  const e = makeAlertEvent({ id, severity: over.severity ?? 'warning', at: Date.now() });
  e.alert.kind = over.kind ?? 'flood';
  e.alert.district = over.district ?? 'Sungai Pinang';
  return e;
}

const publish = async (e: AlertEvent) => expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));
const recordsOf = (personId: string, alertId: string) => records.filter((r) => r.personId === personId && r.alertIds.includes(alertId));

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  [pgDb, smtp, push, wa] = await Promise.all([createTestDatabase('notifypeople'), startSmtpServer(), startPushEndpoint(), startFakeWhatsApp()]);
  const aniPush = push.subscribe();
  aniPushId = aniPush.id;
  await seedDirectory(pgDb.url, {
    people: [
      // Push first, email second; flood in Sungai Pinang.
      { person: { id: 'ani', name: 'Ani' }, channels: [{ kind: 'webpush', address: aniPush.address, rank: 0, enabled: true }, { kind: 'email', address: 'ani@bpbd.test', rank: 1, enabled: true }], subscriptions: [{ kinds: ['flood'], districts: ['Sungai Pinang'] }] },
      // WhatsApp first (it will fail), then email.
      { person: { id: 'sari', name: 'Sari', language: 'en' }, channels: [{ kind: 'whatsapp', address: '6281234567890', rank: 0, enabled: true }, { kind: 'email', address: 'sari@bpbd.test', rank: 1, enabled: true }], subscriptions: [{ kinds: ['flood'] }] },
      // Asleep: quiet hours around now.
      { person: { id: 'dewi', name: 'Dewi', quietHours: quietAroundNow }, channels: [{ kind: 'email', address: 'dewi@bpbd.test', rank: 0, enabled: true }], subscriptions: [{ kinds: ['flood'] }] },
      // Air quality only.
      { person: { id: 'eko', name: 'Eko' }, channels: [{ kind: 'email', address: 'eko@dlh.test', rank: 0, enabled: true }], subscriptions: [{ kinds: ['air'] }] },
      // Traffic in Palaran: the storm.
      { person: { id: 'tono', name: 'Tono' }, channels: [{ kind: 'email', address: 'tono@dishub.test', rank: 0, enabled: true }], subscriptions: [{ kinds: ['traffic'], minSeverity: 'info' }] }
    ]
  });
  listener = mqtt.connect(services.mqttUrl, { clientId: `records-${db}` });
  listener.on('message', (_t, payload) => records.push(JSON.parse(payload.toString()) as DeliveryRecord));
  await new Promise<void>((resolve, reject) => listener.once('connect', () => listener.subscribe(TOPICS.alertDeliveries, { qos: 1 }, (err) => (err ? reject(err) : resolve()))));
  notifier = await startPeopleNotifier({
    db,
    databaseUrl: pgDb.url,
    publicUrl: 'https://pantau.test',
    env: {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Pantau <pantau@pantau.test>',
      ...vapidEnv(),
      NODE_EXTRA_CA_CERTS: push.caFile,
      WHATSAPP_TOKEN: wa.token,
      WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId,
      WHATSAPP_API_URL: wa.url,
      NOTIFY_DIGEST_WINDOW_S: String(DIGEST_WINDOW_S),
      NOTIFY_METRICS_PORT: '0'
    }
  });
  wa.failWith(WHATSAPP_ERRORS.undeliverable);
}, 90_000);

afterAll(async () => {
  listener?.end(true);
  await notifier?.stop();
  await Promise.all([smtp?.close(), push?.close(), wa?.close()]);
  await pgDb?.drop();
  await dropDatabase(services.influxUrl, db);
});

describe('notifier: alert events reach the right people', () => {
  it('routes by subscription; quiet hours hold back a warning but not a critical alert', async () => {
    const warning = event('flood-gunung-lingai:flood_level:w1');
    await publish(warning);
    const pushed = await waitFor('Ani\'s push', () => push.received.find((p) => p.subscriptionId === aniPushId && p.plaintext.includes(warning.alert.id)));
    expect(JSON.parse(pushed.plaintext)).toMatchObject({ alertIds: [warning.alert.id], severity: 'warning' });
    expect(pushed.claims.sub).toBe('mailto:ops@pantau.test');
    await waitFor('Sari reached', () => recordsOf('sari', warning.alert.id).find((r) => r.status === 'sent'));
    // A warning to a person pushed is not also mailed; dewi sleeps; eko hears only about air.
    expect(mailsTo('ani@bpbd.test')).toEqual([]);
    expect(mailsTo('dewi@bpbd.test')).toEqual([]);
    expect(mailsTo('eko@dlh.test')).toEqual([]);
    // Not sent to Dewi for her quiet hours: on the alert (MQTT record) and in the audit log, with when they end.
    const quiet = await waitFor('Dewi\'s quiet-hours record', () => recordsOf('dewi', warning.alert.id).find((r) => r.status === 'quiet'));
    expect(quiet.until).toBeGreaterThan(Date.now());
    const quietAudit = await waitFor('the quiet-hours audit entry', async () =>
      (await influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT} WHERE "user" = 'notifier' AND "target" = '${warning.alert.id}'`)).find((r) => r.action === 'delivery:quiet') ?? null
    );
    expect(String(quietAudit.detail)).toMatch(/^not sent to Dewi \(subscriber\): quiet hours until \d\d:\d\d WITA$/);
    // coded beside it: the audit page says it in Indonesian too, as it reads the row
    expect(formatAuditDetail('id', parseAuditRow(quietAudit))).toMatch(/^tidak dikirim ke Dewi \(pelanggan\): jam tenang sampai \d\d:\d\d WITA$/);

    const critical = event('flood-gunung-lingai:flood_level:c1', { severity: 'critical' });
    await publish(critical);
    const toDewi = await waitFor('Dewi woken by the critical alert', () => mailsTo('dewi@bpbd.test')[0]);
    expect(toDewi.subject).toContain('Gunung Lingai');
    expect(toDewi.text).toContain(critical.alert.explanation.id);
    expect(ackLinkIn(toDewi.text)).toMatch(/^https:\/\/pantau\.test\/ack\//);
    // A critical alert pushed to Ani also goes by her next channel: the push service accepting says nothing about the phone.
    const toAni = await waitFor('Ani mailed about the critical alert', () => mailsTo('ani@bpbd.test')[0]);
    expect(toAni.subject).toContain('Gunung Lingai');
    // The mail can reach the SMTP server a moment before its record reaches MQTT: wait for both records.
    await waitFor('Ani\'s two records', () => (recordsOf('ani', critical.alert.id).length >= 2 ? true : null));
    expect(recordsOf('ani', critical.alert.id).map((r) => `${r.channel}:${r.status}`)).toEqual(['webpush:sent', 'email:sent']);
    expect(mailsTo('eko@dlh.test')).toEqual([]);
  });

  it('a WhatsApp failure falls back to email, and the records (MQTT, InfluxDB, audit) say so', async () => {
    const [first] = records.filter((r) => r.personId === 'sari').map((r) => r.alertIds[0]);
    const flow = recordsOf('sari', first).map((r) => `${r.channel}:${r.status}`);
    expect(flow).toEqual(['whatsapp:fallback', 'email:sent']);
    expect(recordsOf('sari', first)[0].error).toContain('131026');
    const mail = mailsTo('sari@bpbd.test')[0];
    expect(mail.text).toContain('Prepare to evacuate'); // Sari reads English
    const stored = await waitFor('deliveries in InfluxDB', async () => {
      const rows = await influxQuery(services.influxUrl, db, `SELECT * FROM "events"."deliveries" WHERE "alert_id" = '${first}' AND "person_id" = 'sari'`);
      return rows.length >= 2 ? rows : null;
    });
    expect(stored.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['email:sent', 'whatsapp:fallback']);
    const audit = await waitFor('audit entries by the notifier', async () => {
      const rows = await influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT} WHERE "user" = 'notifier' AND "target" = '${first}'`);
      return rows.filter((r) => String(r.detail).includes('Sari')).length >= 2 ? rows : null;
    });
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['delivery:fallback', 'delivery:sent']));
    expect(JSON.stringify(audit)).not.toContain('6281234567890');
  });

  it('a storm to one person: three messages, the rest in one digest at the end of the window; a critical passes straight through', async () => {
    const storm = Array.from({ length: 8 }, (_, i) => event(`traffic-palaran:congestion:s${i}`, { kind: 'traffic', district: 'Palaran' }));
    for (const e of storm.slice(0, 5)) await publish(e);
    const critical = event('traffic-palaran:congestion:crit', { kind: 'traffic', district: 'Palaran', severity: 'critical' });
    await publish(critical);
    for (const e of storm.slice(5)) await publish(e);
    const criticalMail = await waitFor('the critical alert mailed to Tono', () => mailsTo('tono@dishub.test').find((m) => m.text.includes('crit')));
    const digest = await waitFor('the digest', () => records.find((r) => r.personId === 'tono' && r.reason === 'digest' && r.status === 'sent'), { timeoutMs: (DIGEST_WINDOW_S + 10) * 1000 });
    const tono = records.filter((r) => r.personId === 'tono');
    const sentSingly = tono.filter((r) => r.status === 'sent' && r.reason === 'subscription').flatMap((r) => r.alertIds);
    const held = tono.filter((r) => r.status === 'held').flatMap((r) => r.alertIds);
    // Three in the window, the critical on top; the other five held and sent together.
    expect(sentSingly.filter((id) => id !== critical.alert.id)).toHaveLength(3);
    expect(sentSingly).toContain(critical.alert.id);
    expect(held).toHaveLength(5);
    expect([...digest.alertIds].sort()).toEqual([...held].sort());
    const critRecord = tono.find((r) => r.alertIds.includes(critical.alert.id) && r.status === 'sent')!;
    expect(critRecord.at).toBeLessThan(digest.at);
    expect(criticalMail.subject.length).toBeGreaterThan(0);
    expect(mailsTo('tono@dishub.test')).toHaveLength(5);
  }, 40_000);

  it('metrics count deliveries by channel and status, and digests', async () => {
    const url = /metrics on (http:\/\/\S+\/metrics)/.exec(notifier.proc.logs())?.[1];
    expect(url).toBeTruthy();
    const m = await scrape(url!);
    const sent = (channel: string) => m.value('pantau_notify_people_deliveries_total', { channel, status: 'sent' });
    expect(sent('email')).toBe(records.filter((r) => r.channel === 'email' && r.status === 'sent').length);
    expect(sent('webpush')).toBeGreaterThan(0);
    expect(m.value('pantau_notify_people_deliveries_total', { channel: 'whatsapp', status: 'fallback' })).toBeGreaterThan(0);
    expect(m.value('pantau_notify_people_digests_total')).toBeGreaterThanOrEqual(1);
    expect(m.value('pantau_notify_people_critical_passed_total')).toBeGreaterThanOrEqual(1);
  });
});
