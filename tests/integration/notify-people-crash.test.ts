/**
 * A notifier crash in the middle of sending (SIGKILL while a push request hangs at the push service),
 * then a restart on the same journal: what already went out is not sent again (Ani's two emails stay
 * two), a message whose outcome is unknown is put on the alert as such ("outcome unknown") and sent
 * again only for the critical alert (Eko's push), not for the warning.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { DeliveryRecord } from '../../src/lib/core/people';
import { TOPICS } from '../../src/lib/core/topic';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, influxQuery } from '../helpers/influx';
import { startPushEndpoint, type PushEndpoint } from '../helpers/push-endpoint';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { createRestartBed, seedDirectory, vapidEnv, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifycrash');
let bed: RestartBed;
let push: PushEndpoint;
let listener: mqtt.MqttClient;
let ekoPushId = '';
const records: DeliveryRecord[] = [];
const vapid = vapidEnv();

const start = (name: string) => bed.start(name, { ...vapid, NODE_EXTRA_CA_CERTS: push.caFile, CHANNEL_TIMEOUT_MS: '8000' });

function event(id: string, severity: 'warning' | 'critical'): AlertEvent {
  const e = makeAlertEvent({ id, severity, at: Date.now() });
  e.alert.kind = 'flood';
  return e;
}

beforeAll(async () => {
  [bed, push] = await Promise.all([createRestartBed(db, 'notifycrash'), startPushEndpoint()]);
  const sub = push.subscribe();
  ekoPushId = sub.id;
  await seedDirectory(bed.pg.url, {
    people: [
      { person: { id: 'ani', name: 'Ani' }, channels: [{ kind: 'email', address: 'ani@bpbd.test', rank: 0, enabled: true }], subscriptions: [{ kinds: ['flood'] }] },
      { person: { id: 'eko', name: 'Eko' }, channels: [{ kind: 'webpush', address: sub.address, rank: 0, enabled: true }], subscriptions: [{ kinds: ['flood'] }] }
    ]
  });
  listener = mqtt.connect(services.mqttUrl, { clientId: `records-${db}` });
  listener.on('message', (_t, payload) => records.push(JSON.parse(payload.toString()) as DeliveryRecord));
  await new Promise<void>((resolve, reject) => listener.once('connect', () => listener.subscribe(TOPICS.alertDeliveries, { qos: 1 }, (err) => (err ? reject(err) : resolve()))));
}, 60_000);

afterAll(async () => {
  await bed?.close();
  await listener?.endAsync();
  await push?.close();
});

describe('notifier crash between sending and recording', () => {
  it('does not send again what went out; an unknown outcome is on the alert and resent only when critical', async () => {
    const first = await start('notify-crash-1');
    push.failWith({ status: 'hang' });
    const warning = event(`flood-gunung-lingai:flood_level:w${Date.now()}`, 'warning');
    const critical = event(`flood-gunung-lingai:flood_level:c${Date.now()}`, 'critical');
    for (const e of [warning, critical]) expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
    const mailsToAni = () => bed.smtp.messages.filter((m) => m.to.includes('ani@bpbd.test'));
    await waitFor('both emails to Ani', () => (mailsToAni().length === 2 ? true : null));
    // Eko's two pushes are now hanging at the push service (well inside CHANNEL_TIMEOUT_MS): the crash comes mid-send.
    await new Promise((r) => setTimeout(r, 1_000));
    await first.proc.kill();
    push.failWith(null);
    expect(push.received).toEqual([]);

    const second = await start('notify-crash-2');
    expect(second.proc.logs()).toMatch(/replaying 2 event/);
    const unknown = await waitFor('both unknown outcomes on the alerts', () => {
      const u = records.filter((r) => r.personId === 'eko' && r.status === 'unknown');
      return u.length === 2 ? u : null;
    });
    expect(unknown.find((r) => r.alertIds[0] === warning.alert.id)?.error).toMatch(/outcome unknown, not sent again/);
    expect(unknown.find((r) => r.alertIds[0] === critical.alert.id)?.error).toMatch(/outcome unknown, sent again \(critical\)/);
    // The critical one is sent again (once the channel timeout since the cut attempt has passed); the warning is not.
    const resent = await waitFor('the critical push again', () => push.received.find((p) => p.subscriptionId === ekoPushId), { timeoutMs: 30_000 });
    expect(JSON.parse(resent.plaintext).alertIds).toEqual([critical.alert.id]);
    await waitFor('its record', () => records.find((r) => r.personId === 'eko' && r.alertIds[0] === critical.alert.id && r.status === 'sent'));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(push.received.filter((p) => p.subscriptionId === ekoPushId)).toHaveLength(1);
    // Ani's emails went out before the crash: not again.
    expect(mailsToAni()).toHaveLength(2);
    const audit = await waitFor('the audit entries', async () => {
      const rows = await influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT} WHERE "user" = 'notifier' AND "action" = 'delivery:unknown'`);
      return rows.length === 2 ? rows : null;
    });
    expect(audit.map((r) => String(r.detail)).join('\n')).toMatch(/webpush to Eko/);
  }, 120_000);
});
