/**
 * Alerts raised days ago, for the notifier's restart tests of alerts open longer than its 2-day window: the alert of a
 * gauge, an event stored in InfluxDB then published on MQTT (QoS 1), as the ingest does, and the pages the notifier
 * stored for its chain back then.
 */
import { expect } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import type { DeliveryRecord } from '../../src/lib/core/people';
import { TOPICS } from '../../src/lib/core/topic';
import { createRecordWriter } from '../../ingest/notify/people/records';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import type { TestServices } from '../helpers/env';
import { influxWrite } from '../helpers/influx';
import { mosquittoPub } from './mqtt-tools';

export function oldAlertEvents(services: TestServices, db: string, raisedAt: number) {
  /** The critical flood_level alert of the gauge "Pos TMA <sensor>", raised at `at`. */
  const alertOf = (sensor: string, at = raisedAt): Alert => {
    const sensorId = `flood-${sensor.toLowerCase().replace(/ /g, '-')}`;
    const { alert } = makeAlertEvent({ id: `${sensorId}:flood_level:${at}`, severity: 'critical', at });
    return { ...alert, sensorId, sensorName: `Pos TMA ${sensor}` };
  };
  const stored = (event: AlertEvent) => influxWrite(services.influxUrl, db, formatAlertEventLine(event));
  const emit = async (event: AlertEvent): Promise<void> => {
    await stored(event);
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(event))).code).toBe(0);
  };
  // One notifier stores every record at its own millisecond (records.ts): two in one series at the same time would
  // overwrite each other (one alert's pages taken for another's). Each call here is a writer of its own, so later ones
  // go a millisecond on.
  let shift = 0;
  /** What the notifier stored for a chain back then, by its own record writer: its pages, each sent by email. */
  const pagedThen = async (alert: Alert, steps: [DeliveryRecord['reason'], string, number][]): Promise<void> => {
    const writer = createRecordWriter({ ...parseInfluxConfig({ INFLUX_URL: services.influxUrl }), database: db }, (m) => console.log(m));
    shift += steps.length;
    for (const [reason, personId, at] of steps) writer.write({ at: at + shift, alertIds: [alert.id], personId, personName: personId, teamId: 'bpbd', reason, channel: 'email', status: 'sent', attempt: 1 });
    await writer.close();
    expect(writer.stats()).toMatchObject({ queued: 0, dropped: 0 });
  };
  return { alertOf, stored, emit, pagedThen };
}
