import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { TOPICS } from '../core/topic';
import type { AlertEvent } from '../core/alert';
import { applyAlertAction, MAX_ALERT_STEPS, MAX_COMMENT_CHARS } from '../core/alert-lifecycle';
import { MAX_COMMENT_BYTES } from '../core/alert-comments';
import { createMqttFeed } from './mqtt-feed';
import { testAlert, testEvent } from './alert-fixtures';
import { startTestBroker } from './mqtt-test-broker';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const startBroker = async () => (await startTestBroker(cleanups)).url;

describe('MQTT feed: a handler that throws', () => {
  it('costs that message only: counted as dropped, and the messages after it still reach the handlers', async () => {
    const url = await startBroker();
    const dropped: string[] = [];
    const heard: string[] = [];
    const feed = createMqttFeed({ url, username: '', password: '' }, {
      onReadings: () => undefined,
      onAlertEvent(event: AlertEvent) {
        if (event.alert.id === 'bad') throw new Error('store bug');
        heard.push(event.alert.id);
      },
      onDropped: (_topic, reason) => void dropped.push(reason)
    });
    cleanups.push(() => feed.close());
    const sender = mqtt.connect(url, { clientId: 'feed-test-sender' });
    cleanups.push(() => sender.endAsync(true));
    await new Promise<void>((r) => sender.once('connect', () => r()));
    // the feed subscribes at connect: a junk event it counts says its subscription stands
    await expect.poll(async () => (await sender.publishAsync(TOPICS.alertEvents, 'junk', { qos: 1 }), dropped.includes('not_json')), { timeout: 5_000 }).toBe(true);
    await sender.publishAsync(TOPICS.alertEvents, JSON.stringify(testEvent('raised', testAlert('bad', 1_000))), { qos: 1 });
    await sender.publishAsync(TOPICS.alertEvents, JSON.stringify(testEvent('raised', testAlert('good', 2_000))), { qos: 1 });
    await expect.poll(() => heard, { timeout: 5_000 }).toEqual(['good']);
    expect(dropped).toContain('handler_failed: store bug');
  });

  it('takes the largest alert event people can make: a full comment budget of 3-byte characters and 50 long steps', async () => {
    // Control characters (6 bytes each in JSON) once made ≈ 620 kB events, which a 256 KiB limit here dropped with
    // every later event of the alert; comments now refuse them and the thread is bounded in bytes (alert-comments.ts).
    let alert = testAlert('big', 1_000);
    const by = 'x'.repeat(64);
    let event: AlertEvent | undefined;
    for (let i = 0; i < MAX_ALERT_STEPS; i++) {
      const made = applyAlertAction(alert, { alertId: 'big', action: 'step', stepId: `step-${i}-${'s'.repeat(50)}`, done: true }, by, 2_000 + i);
      if (!('type' in made)) throw new Error(made.detail);
      alert = made.alert;
    }
    for (let i = 0; i < 100; i++) {
      const made = applyAlertAction(alert, { alertId: 'big', action: 'comment', text: '中'.repeat(MAX_COMMENT_CHARS) }, by, 3_000 + i);
      if (!('type' in made)) throw new Error(made.detail);
      alert = made.alert;
      event = made;
    }
    const payload = JSON.stringify(event);
    expect(Buffer.byteLength(payload)).toBeGreaterThan(MAX_COMMENT_BYTES);
    const url = await startBroker();
    const dropped: string[] = [];
    const heard: AlertEvent[] = [];
    const feed = createMqttFeed({ url, username: '', password: '' }, { onReadings: () => undefined, onAlertEvent: (e) => void heard.push(e), onDropped: (_t, reason) => void dropped.push(reason) });
    cleanups.push(() => feed.close());
    const sender = mqtt.connect(url, { clientId: 'feed-test-big-sender' });
    cleanups.push(() => sender.endAsync(true));
    await new Promise<void>((r) => sender.once('connect', () => r()));
    await expect.poll(async () => (await sender.publishAsync(TOPICS.alertEvents, 'junk', { qos: 1 }), dropped.includes('not_json')), { timeout: 5_000 }).toBe(true);
    await sender.publishAsync(TOPICS.alertEvents, payload, { qos: 1 });
    await expect.poll(() => heard.length, { timeout: 5_000 }).toBe(1);
    expect(heard[0].alert.comments).toEqual(alert.comments);
    expect(dropped).not.toContain('too_large');
  });
});
