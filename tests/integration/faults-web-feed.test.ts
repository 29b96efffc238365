import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startFaultStack } from '../../bench/faults/harness';
import { FLOOD_SENSOR_IDS } from '../../bench/faults/publisher';
import type { LiveReading } from '../../src/lib/core/reading';
import { sensorTopic } from '../../src/lib/core/topic';
import { createMqttFeed } from '../../src/lib/server/mqtt-feed';
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
      await waitFor('the first live reading', () => seen.some((r) => r.sensorId === sensor && r.values.water_level === 41), { timeoutMs: 10_000 });

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
  });
});
