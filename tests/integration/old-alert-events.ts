/**
 * Alerts raised days ago, for the notifier's restart tests of alerts open longer than its 2-day window: the alert of a
 * gauge, and an event stored in InfluxDB then published on MQTT (QoS 1), as the ingest does.
 */
import { expect } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { TOPICS } from '../../src/lib/core/topic';
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
  return { alertOf, stored, emit };
}
