import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents } from '../../src/lib/core/events';
import { describe, expect, it } from 'vitest';
import { startFaultStack } from '../../bench/faults/harness';
import { FLOOD_SENSOR_IDS } from '../../bench/faults/publisher';
import type { LiveReading } from '../../src/lib/core/reading';
import { sensorTopic } from '../../src/lib/core/topic';
import { createMqttFeed } from '../../src/lib/server/mqtt-feed';
import { parseWebConfig } from '../../src/lib/server/config';
import { formatAlertEventLine } from '../../src/lib/server/influx';
import { createRealtimeHub } from '../../src/lib/server/realtime';
import { KIOSK } from '../../src/lib/server/auth/gate';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';

describe('broker restart: the command center feed and the ingest both come back by themselves', () => {
  it('live readings reach the web feed before and after Mosquitto restarts', async () => {
    const stack = await startFaultStack({ name: 'web-feed' });
    const seen: LiveReading[] = [];
    const changes: boolean[] = [];
    const feed = createMqttFeed(
      { url: stack.mosquitto.url, username: '', password: '' },
      { onReadings: (rs) => seen.push(...rs), onAlertEvent: () => undefined, onConnectionChange: (c) => changes.push(c) }
    );
    const sensor = FLOOD_SENSOR_IDS[0];
    const publishReading = async (level: number) => {
      const client = await mqtt.connectAsync(stack.mosquitto.url, { clientId: `sensor-${sensor}-${level}` });
      await client.publishAsync(sensorTopic('flood', sensor), JSON.stringify({ ts: Date.now(), values: { water_level: level } }), { qos: 1 });
      await client.endAsync();
    };
    try {
      await stack.startIngest();
      await waitFor('the web feed connected', () => feed.connected(), { timeoutMs: 10_000 });
      await publishReading(41);
      await waitFor('the first live reading', () => seen.some((r) => r.sensorId === sensor && r.values.water_level === 41), { timeoutMs: 30_000 });

      await stack.mosquitto.restart();
      await waitFor('the web feed reconnected', () => feed.connected() && changes.includes(false), { timeoutMs: 15_000 });
      await waitFor('the ingest reconnected', () => /reconnected to/.test(stack.ingest().logs()), { timeoutMs: 15_000 });
      await publishReading(42);
      await waitFor('a live reading after the restart', () => seen.some((r) => r.sensorId === sensor && r.values.water_level === 42), { timeoutMs: 10_000 });
      expect(changes).toEqual([true, false, true]);
    } finally {
      await feed.close();
      await stack.stop();
    }
  }, 150_000); // its waits add up to 80 s at most, beside the stack's own start and stop
});

function storedAlert(id: string, sensorId: string, at: number): Alert {
  return {
    id, sensorId, sensorName: sensorId, kind: 'flood', district: 'Samarinda Ulu', rule: 'flood_level',
    category: 'emergency', severity: 'critical', level: 1, title: { id: 'Siaga 1', en: 'Level 1' },
    explanation: { id: 'naik', en: 'rising' }, action: { id: 'evakuasi', en: 'evacuate' }, value: 260, state: 'raised',
    raisedAt: at, updatedAt: at, comments: []
  };
}

describe('broker restart: alert events missed by the clean-session feed are read back from InfluxDB', () => {
  it('an alert stored while Mosquitto was down reaches a socket.io-client after the feed reconnects', async () => {
    const stack = await startFaultStack({ name: 'web-catch-up' });
    const server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const config = parseWebConfig({ MQTT_URL: stack.mosquitto.url, INFLUX_URL: stack.influx.url, INFLUX_DB: stack.db });
    const hub = await createRealtimeHub({ config, httpServer: server, catalog: catalogJson as Catalog, identify: () => KIOSK, log: () => undefined });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(url, { transports: ['websocket'], reconnection: false });
    const pushed: SequencedAlertEvent[] = [];
    client.on('alert', (e) => pushed.push(e));
    try {
      await waitFor('hub connected to MQTT', () => hub.status().mqtt, { timeoutMs: 10_000 });
      await waitFor('socket connected', () => client.connected, { timeoutMs: 10_000 });

      await stack.mosquitto.stop();
      await waitFor('hub saw the broker go', () => !hub.status().mqtt, { timeoutMs: 10_000 });
      // What the ingest does while the broker is down: store the event; its publication never arrives.
      const missed: AlertEvent = { type: 'raised', at: Date.now(), by: 'ingest', alert: storedAlert('flood-x:flood_level:missed', FLOOD_SENSOR_IDS[0], Date.now()) };
      await influxWrite(stack.influx.url, stack.db, formatAlertEventLine(missed));
      expect(pushed).toHaveLength(0);

      await stack.mosquitto.restart();
      const got = await waitFor('the missed alert pushed', () => pushed.find((e) => e.alert.id === missed.alert.id), { timeoutMs: 20_000 });
      expect(got.type).toBe('raised');
      expect(got.seq).toBeGreaterThan(0);
      expect(hub.listAlerts('open', 1).map((a) => a.id)).toContain(missed.alert.id);
      // A later reconnect with nothing new stored sends nothing twice.
      await stack.mosquitto.restart();
      await waitFor('hub back again', () => hub.status().mqtt, { timeoutMs: 15_000 });
      await new Promise((ok) => setTimeout(ok, 1_000));
      expect(pushed.filter((e) => e.alert.id === missed.alert.id)).toHaveLength(1);
    } finally {
      client.disconnect();
      await hub.close();
      await new Promise((ok) => server.close(ok));
      await stack.stop();
    }
  });
});
