/**
 * An acknowledgement made on a copy from before a worsening the command center already holds (the browser showed the
 * milder copy; the worsened one was on its way to it): refused as stale, with the code the console words in its
 * reader's language, and nothing shown, stored or published as acknowledged; the console keeps showing the worsened
 * copy, raised. Real Mosquitto, InfluxDB and socket.io-client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { ACTION_REFUSALS } from '../../src/lib/core/alert-lifecycle';
import { applyAlertEvents } from '../../src/lib/realtime/merge';
import { TOPICS } from '../../src/lib/core/topic';
import { ALERT_EVENTS, influxQuery } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { startHubBed, worsenedAlert, type HubBed } from '../helpers/hub-bed';

const { catalog, raisedAt, worsenedAt, v1, v2 } = worsenedAlert('fl-sa-1');

describe('a console acknowledgement of a copy from before a worsening the server holds', () => {
  let bed: HubBed;
  beforeAll(async () => void (bed = await startHubBed(catalog, 'staleack', 'Siti')));
  afterAll(async () => bed?.close());

  it('is refused as stale; the console shows the worsened copy, raised; an acknowledgement of that copy is taken', async () => {
    const publish = async (e: AlertEvent) => expect((await mosquittoPub(bed.services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
    await publish({ type: 'raised', at: raisedAt, by: 'ingest', alert: v1 });
    await waitFor('the milder copy at the console', () => bed.heard.find((e) => e.alert.id === v1.id));
    await publish({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: v2 });
    await waitFor('the worsening at the server', () => bed.hub.alert(v1.id)?.worsenedAt === worsenedAt);

    // The responder acknowledges the copy the console showed: never worsened (version 0).
    const stale = await bed.act({ alertId: v1.id, action: 'acknowledge', via: 'console', version: 0 });
    expect(stale).toEqual({ ok: false, error: ACTION_REFUSALS.worsened });
    expect(bed.hub.alert(v1.id)?.state).toBe('raised');
    // What the console holds (its merge of what it heard) is the worsened copy, raised: no acknowledgement was shown.
    const marker: AlertEvent = { type: 'raised', at: Date.now(), by: 'ingest', alert: { ...v1, id: 'fl-sa-1:rate_of_rise:1', rule: 'rate_of_rise' } };
    await publish(marker);
    await waitFor('a later event (all before it delivered)', () => bed.heard.find((e) => e.alert.id === marker.alert.id));
    expect(bed.heard.filter((e) => e.type === 'acknowledged')).toEqual([]);
    const shown = applyAlertEvents(new Map(), bed.heard, Date.now()).get(v1.id);
    expect([shown?.state, shown?.level]).toEqual(['raised', 2]);
    expect(await influxQuery(bed.services.influxUrl, bed.db, `SELECT "alert_id" FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged'`)).toHaveLength(0);

    // Acknowledged on the copy it now shows: taken.
    const ok = await bed.act({ alertId: v1.id, action: 'acknowledge', via: 'console', version: worsenedAt });
    expect(ok.ok).toBe(true);
    expect(bed.hub.alert(v1.id)).toMatchObject({ state: 'acknowledged', level: 2, acknowledgedBy: 'Siti' });
  });

  it('a worsening the command center has not bed.heard yet: it cannot refuse, and the worsened copy replaces the acknowledgement once it arrives', async () => {
    // The ingest refuses this acknowledgement (its merge's version guard), the notifier ignores it for paging.
    const w1: Alert = { ...v1, id: `fl-sa-1:flood_level:${raisedAt + 1}`, raisedAt: raisedAt + 1 };
    const w2: Alert = { ...w1, level: 2, severity: 'critical', worsenedAt, updatedAt: worsenedAt };
    const publish = async (e: AlertEvent) => expect((await mosquittoPub(bed.services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
    await publish({ type: 'raised', at: raisedAt, by: 'ingest', alert: w1 });
    await waitFor('the milder copy at the server', () => bed.hub.alert(w1.id));
    expect((await bed.act({ alertId: w1.id, action: 'acknowledge', via: 'console', version: 0 })).ok).toBe(true);
    await publish({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: w2 });
    await waitFor('the worsening at the console', () => bed.heard.find((e) => e.type === 'escalated' && e.alert.id === w1.id));
    expect(bed.hub.alert(w1.id)).toMatchObject({ state: 'raised', level: 2 });
    expect(applyAlertEvents(new Map(), bed.heard, Date.now()).get(w1.id)).toMatchObject({ state: 'raised', level: 2 });
  });
});
