/**
 * An acknowledge link about a worsening the command center never heard over MQTT (a catch-up that ran before the
 * ingest's write landed misses it for good): the link's page reads that one alert back from InfluxDB, the hub takes the
 * worsened copy in as the catch-up would (the walls hear it too) and the link works. Real Mosquitto, InfluxDB and
 * socket.io-client; the used-link store (Postgres) is an in-memory stand-in, it plays no part here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { TOPICS } from '../../src/lib/core/topic';
import { signAckToken, ACK_TOKEN_TTL_MS } from '../../src/lib/notify/ack-token';
import { createAckService } from '../../src/lib/server/ack/service';
import type { AckLinkStore } from '../../src/lib/server/ack/link-store';
import { influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { startHubBed, worsenedAlert, type HubBed } from '../helpers/hub-bed';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const { catalog, raisedAt, worsenedAt, v1, v2 } = worsenedAlert('fl-ar-1');

describe('an acknowledge link ahead of the command center', () => {
  let bed: HubBed;
  beforeAll(async () => void (bed = await startHubBed(catalog, 'ackrefresh', 'operator1')));
  afterAll(async () => bed?.close());

  it('reads the worsening back from InfluxDB, replaces the console acknowledgement of the older copy, and the link works', async () => {
    expect((await mosquittoPub(bed.services.mqttUrl, TOPICS.alertEvents, JSON.stringify({ type: 'raised', at: raisedAt, by: 'ingest', alert: v1 } satisfies AlertEvent))).code).toBe(0);
    await waitFor('the milder copy at the server', () => bed.hub.alert(v1.id));
    // The operator acknowledges the copy the hub holds (the ingest refuses it: older version; paging goes on).
    expect((await bed.act({ alertId: v1.id, action: 'acknowledge', via: 'console', version: 0 })).ok).toBe(true);
    // The worsening is stored, but this hub never hears it over MQTT.
    await influxWrite(bed.services.influxUrl, bed.db, formatAlertEventLine({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: v2 }));
    expect(bed.hub.alert(v1.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'operator1' });

    const links: AckLinkStore = { person: async (id) => ({ id, name: 'Budi', active: true }), usedAt: async () => null, claim: async () => true, release: async () => undefined };
    const svc = createAckService({ secret: SECRET, store: links, hub: bed.hub, roleOf: () => undefined, audit: () => undefined });
    const link = signAckToken(SECRET, { alertId: v1.id, personId: 'budi', exp: Date.now() + ACK_TOKEN_TTL_MS, jti: 'sms.ar1', version: worsenedAt });
    // was: behind (and 'closed, acknowledged by operator1' before that), for as long as the hub did not resubscribe
    expect(await svc.inspect(link, '10.0.0.1')).toMatchObject({ status: 'confirm', alert: { state: 'raised', severity: 'critical' } });
    expect(bed.hub.alert(v1.id)).toMatchObject({ state: 'raised', level: 2, worsenedAt });
    // The walls hear the worsened copy as from a catch-up, as a worsening: the alerts page's alarm rings on raised and
    // escalated only (was 'updated': the per-alert read selects only the docs).
    const worse = await waitFor('the worsened copy at the console', () => bed.heard.find((e) => e.alert.id === v1.id && e.alert.worsenedAt === worsenedAt && e.alert.state === 'raised'));
    expect(worse.type).toBe('escalated');

    expect(await svc.accept(link, '10.0.0.1')).toMatchObject({ status: 'done', alert: { state: 'acknowledged', acknowledgedBy: 'person:budi' } });
    expect(bed.hub.alert(v1.id)).toMatchObject({ state: 'acknowledged', level: 2, acknowledgedBy: 'person:budi' });
    await waitFor('the link acknowledgement at the console', () => bed.heard.find((e) => e.type === 'acknowledged' && e.alert.acknowledgedBy === 'person:budi'));
  });

  it('a read that finds nothing newer changes nothing and sends nothing', async () => {
    const before = bed.heard.length;
    const held = bed.hub.alert(v1.id);
    expect(await bed.hub.refreshAlert(v1.id)).toEqual(held);
    expect(await bed.hub.refreshAlert('fl-ar-1:flood_level:0')).toBeUndefined();
    // A marker event through MQTT: everything before it has been delivered.
    const marker: Alert = { ...v1, id: 'fl-ar-1:rate_of_rise:1', rule: 'rate_of_rise' };
    expect((await mosquittoPub(bed.services.mqttUrl, TOPICS.alertEvents, JSON.stringify({ type: 'raised', at: Date.now(), by: 'ingest', alert: marker } satisfies AlertEvent))).code).toBe(0);
    await waitFor('the marker at the console', () => bed.heard.find((e) => e.alert.id === marker.id));
    expect(bed.heard.slice(before).map((e) => [e.type, e.alert.id, e.by])).toEqual([['raised', marker.id, 'ingest']]);
  });
});
