import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/lib/core/topic';
import { startTestBroker } from '../../src/lib/server/mqtt-test-broker';
import { createMqttSource, type MqttSourceOptions } from './mqtt';

const SENSOR_TOPIC = TOPICS.sensorsFilter.replace('+', 'air').replace('+', 'a1');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An in-process broker and the ingest's source on it with these handlers, connected; its log lines. */
async function startSource(clientId: string, handlers: Pick<MqttSourceOptions, 'onReading' | 'onAlertEvent'>) {
  const { url } = await startTestBroker(cleanups);
  const lines: string[] = [];
  let connected!: () => void;
  const up = new Promise<void>((r) => (connected = r));
  const source = createMqttSource({
    ...handlers,
    url,
    username: '',
    password: '',
    clientId,
    protocolVersion: 4,
    shareGroup: '',
    beforeAck: () => true,
    ackBatchMs: 0,
    onConnect: () => connected(),
    log: (m) => lines.push(m)
  });
  cleanups.push(() => source.close());
  await up;
  return { url, source, lines };
}

describe('MQTT source: a handler that throws', () => {
  it('on an alert event costs that event only: it is logged, and readings after it still flow and are acknowledged', async () => {
    const readings: string[] = [];
    const { url, lines } = await startSource('ingest-handler-error-test', {
      onReading: (_topic, payload) => void readings.push(String(payload)),
      onAlertEvent: () => {
        throw new Error('detector bug');
      }
    });
    const sensor = mqtt.connect(url, { clientId: 'sensor-a1' });
    cleanups.push(() => sensor.endAsync(true));
    await new Promise<void>((r) => sensor.once('connect', () => r()));
    // the source subscribes at connect: a first reading that arrives says its subscription stands
    await sensor.publishAsync(SENSOR_TOPIC, 'probe', { qos: 1 });
    await expect.poll(async () => (readings.length ? readings : (await sensor.publishAsync(SENSOR_TOPIC, 'probe', { qos: 1 }), readings)), { timeout: 5_000 }).not.toEqual([]);
    await sensor.publishAsync(TOPICS.alertEvents, '{"type":"acknowledged"}', { qos: 1 });
    for (let i = 0; i < 3; i++) await sensor.publishAsync(SENSOR_TOPIC, `r${i}`, { qos: 1 });
    // probes sent while the first was on its way may still come: only the readings after them count
    await expect.poll(() => readings.filter((r) => r !== 'probe'), { timeout: 5_000 }).toEqual(['r0', 'r1', 'r2']);
    expect(lines.some((l) => l.startsWith('INGEST_HANDLER_FAILED on alert event (1 so far') && l.includes('detector bug'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('reconnected'))).toEqual([]);
  });

  it('hit by every reading: each is acknowledged and the stream goes on, with one log line, not one per message', async () => {
    const handled: string[] = [];
    const { url, source, lines } = await startSource('ingest-handler-flood-test', {
      onReading(_topic, payload) {
        handled.push(String(payload));
        if (String(payload).startsWith('bad')) throw new Error('decoder bug');
        return undefined;
      },
      onAlertEvent: () => undefined
    });
    const sensor = mqtt.connect(url, { clientId: 'sensor-a1-flood' });
    cleanups.push(() => sensor.endAsync(true));
    await new Promise<void>((r) => sensor.once('connect', () => r()));
    await expect.poll(async () => (await sensor.publishAsync(SENSOR_TOPIC, 'probe', { qos: 1 }), handled.includes('probe')), { timeout: 5_000 }).toBe(true);
    // QoS 1: each publish resolves on its PUBACK, so every bad message was acknowledged
    for (let i = 0; i < 50; i++) await sensor.publishAsync(SENSOR_TOPIC, `bad${i}`, { qos: 1 });
    await sensor.publishAsync(SENSOR_TOPIC, 'good', { qos: 1 });
    await expect.poll(() => handled.at(-1), { timeout: 5_000 }).toBe('good');
    const failures = lines.filter((l) => l.startsWith('INGEST_HANDLER_FAILED'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('(1 so far');
    expect(failures[0]).toContain('decoder bug');
    // the other 49 are told when the minute ends or, as here, at the stop (they were never told: "1 so far" was all)
    await source.close();
    expect(lines.filter((l) => l.startsWith('INGEST_HANDLER_FAILED')).slice(1)).toEqual([expect.stringMatching(/^INGEST_HANDLER_FAILED 49 more within 60 s \(50 so far\), the last: on .*: decoder bug$/)]);
  });
});
