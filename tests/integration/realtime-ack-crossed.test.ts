/**
 * A console acknowledgement crossed by the ingest's silent `updated` of the same version (a forecast warning re-telling
 * its expected time every ~30 min, published before the ingest merged the acknowledgement and stamped after it): the
 * acknowledgement stands at the server, at the console, and in what a restarted command center or ingest folds back
 * from InfluxDB (an ingest holding it unacknowledged would escalate it and page). Real Mosquitto, InfluxDB and
 * socket.io-client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { foldAlertEvents } from '../../src/lib/core/alert-lifecycle';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { TOPICS } from '../../src/lib/core/topic';
import { applyAlertEvents } from '../../src/lib/realtime/merge';
import { readRecentAlertEvents } from '../../src/lib/server/history';
import { createInfluxClient } from '../../src/lib/server/influx';
import { readOpenAlerts } from '../../ingest/sinks/influx-read';
import { ALERT_EVENTS, influxQuery, influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { startHubBed, worsenedAlert, type HubBed } from '../helpers/hub-bed';

const { catalog, v1 } = worsenedAlert('fl-ax-1');

describe('a console acknowledgement crossed by an ingest update of the same version', () => {
  let bed: HubBed;
  beforeAll(async () => void (bed = await startHubBed(catalog, 'ackcrossed', 'Siti')));
  afterAll(async () => bed?.close());

  it('stands live, at the console and when folded back from InfluxDB; the update\'s texts are shown', async () => {
    const publish = async (e: AlertEvent) => expect((await mosquittoPub(bed.services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
    await publish({ type: 'raised', at: v1.raisedAt, by: 'ingest', alert: v1 });
    await waitFor('the alert at the server', () => bed.hub.alert(v1.id));
    expect((await bed.act({ alertId: v1.id, action: 'acknowledge', via: 'console', version: 0 })).ok).toBe(true);
    const ackAt = bed.hub.alert(v1.id)!.acknowledgedAt!;

    // The ingest's refresh from its copy without the acknowledgement, stamped after it.
    const refresh: Alert = { ...v1, title: { id: 'Siaga 3 ≈ 10:44', en: 'Level 3 ≈ 10:44' }, updatedAt: ackAt + 1_000 };
    const update: AlertEvent = { type: 'updated', at: refresh.updatedAt, by: 'ingest', alert: refresh };
    await publish(update);
    await waitFor('the update at the console', () => bed.heard.find((e) => e.type === 'updated' && e.alert.id === v1.id));
    const acked = { state: 'acknowledged', acknowledgedAt: ackAt, acknowledgedBy: 'Siti', acknowledgedVia: 'console', title: refresh.title };
    expect(bed.hub.alert(v1.id)).toMatchObject({ ...acked, updatedAt: refresh.updatedAt });
    expect(applyAlertEvents(new Map(), bed.heard, Date.now()).get(v1.id)).toMatchObject(acked);

    // Stored: the hub wrote the acknowledgement; the ingest's sink writes its update.
    await waitFor('the acknowledgement stored', async () => (await influxQuery(bed.services.influxUrl, bed.db, `SELECT "alert_id" FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged'`)).length === 1);
    await influxWrite(bed.services.influxUrl, bed.db, [formatAlertEventLine({ type: 'raised', at: v1.raisedAt, by: 'ingest', alert: v1 }), formatAlertEventLine(update)]);
    const config = parseInfluxConfig({ INFLUX_URL: bed.services.influxUrl, INFLUX_DB: bed.db });
    const folded = foldAlertEvents(await readRecentAlertEvents(createInfluxClient(config), Date.now())).get(v1.id);
    expect(folded).toMatchObject(acked);
    expect((await readOpenAlerts(config)).find((a) => a.id === v1.id)).toMatchObject(acked);
  });
});
