import { describe, expect, it } from 'vitest';
import { lookBackProxy } from '../helpers/lookback-proxy';
import type { AddressInfo } from 'node:net';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import { formatAlertEventLine } from '../../src/lib/server/influx';
import { parseWebConfig } from '../../src/lib/server/config';
import { createRealtimeHub } from '../../src/lib/server/realtime';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';

/**
 * The command center's look-back for alerts open from before its rebuild window reads a year of
 * shards. With InfluxDB slow at start it had one try on the console's 5 s query timeout: a dead
 * sensor's acknowledged sensor_silent was gone from the console until the next restart. Real
 * InfluxDB behind an HTTP proxy that drops the look-back's first read and answers its second after 6 s.
 */
const catalog: Catalog = {
  city: 'Test',
  districts: [],
  sensors: [{ id: 'fl-lb-1', kind: 'flood', name: 'Gauge LB', district: 'Sungai Pinang', lat: -0.48, lon: 117.15, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } }]
};

function silent(at: number): Alert {
  return {
    id: `fl-lb-1:sensor_silent:${at}`, sensorId: 'fl-lb-1', sensorName: 'Gauge LB', kind: 'flood', district: 'Sungai Pinang', rule: 'sensor_silent',
    category: 'maintenance', severity: 'warning', level: 1, title: { id: 'Sensor diam', en: 'Sensor silent' },
    explanation: { id: 'tidak ada data', en: 'no data' }, action: { id: 'cek', en: 'check' }, value: 0, state: 'raised',
    raisedAt: at, updatedAt: at, comments: []
  };
}

/** Forwards to InfluxDB; the look-back's first read (its marks query) fails, the second waits `delayMs`. */
function slowLookBackProxy(influxUrl: string, delayMs: number) {
  let marks = 0;
  const server = lookBackProxy(influxUrl, (forward, req) => {
    marks++;
    if (marks === 1) return void req.socket.destroy();
    setTimeout(forward, delayMs);
  });
  return { server, marks: () => marks };
}

describe('a command center started while InfluxDB is slow to answer the look-back', () => {
  const services = readTestServices();
  const db = uniqueDb('rtlookback');

  it('reads the open alerts older than the rebuild window with 60 s per read, and tries again after a failure', async () => {
    await createDatabase(services.influxUrl, db);
    const old = Date.now() - 20 * 86_400_000;
    const raised: AlertEvent = { type: 'raised', at: old, by: 'ingest', alert: silent(old) };
    const acked: AlertEvent = { type: 'acknowledged', at: old + 1000, by: 'sari', alert: { ...silent(old), state: 'acknowledged', updatedAt: old + 1000, acknowledgedAt: old + 1000, acknowledgedBy: 'sari' } };
    await influxWrite(services.influxUrl, db, [formatAlertEventLine(raised), formatAlertEventLine(acked)]);
    const proxy = slowLookBackProxy(services.influxUrl, 6_000);
    await new Promise<void>((ok) => proxy.server.listen(0, '127.0.0.1', ok));
    const logs: string[] = [];
    const config = parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`, INFLUX_DB: db });
    const hub = await createRealtimeHub({ config, catalog, identify: () => ({ user: 'k', role: 'kiosk' }), audit: () => undefined, log: (m) => void logs.push(m) });
    try {
      // was: never (one try, dropped; and a 6 s answer timed out at 5 s)
      await waitFor('the old acknowledged sensor_silent on the console', () => hub.listAlerts('open', 1).find((a) => a.id === raised.alert.id), { timeoutMs: 30_000 });
      expect(hub.listAlerts('open', 1).find((a) => a.id === raised.alert.id)?.state).toBe('acknowledged');
      expect(proxy.marks()).toBe(2);
      expect(logs.join('\n')).toMatch(/open alerts older than the rebuild window not read; trying again in 1 s/);
    } finally {
      await hub.close();
      proxy.server.closeAllConnections();
      await new Promise((ok) => proxy.server.close(ok));
      await dropDatabase(services.influxUrl, db);
    }
  });
});
