import { describe, it, expect } from 'vitest';
import { parseAlertEvent, parseWebhooks, wantsEvent } from './webhooks';
import { parseNotifyConfig } from './config';
import { makeAlertEvent } from './test-support';
import { webhookName } from '../../src/lib/core/redact-url';

const secret = 'sixteen-chars-plus';

describe('webhook list', () => {
  it('defaults: every event type, severity info and up, emergencies only', () => {
    const [w] = parseWebhooks(JSON.stringify([{ url: 'https://bpbd.example/hook?token=x', secret }]));
    expect(w.name).toBe(webhookName('https://bpbd.example/hook?token=x'));
    expect(w.name).toMatch(/^https:\/\/bpbd\.example\/… #[0-9a-f]{8}$/);
    expect(wantsEvent(w, makeAlertEvent({ severity: 'info' }))).toBe(true);
    expect(wantsEvent(w, makeAlertEvent({ category: 'maintenance' }))).toBe(false);
  });

  it('filters by event type, minimum severity and category', () => {
    const [w] = parseWebhooks(JSON.stringify([{ url: 'http://127.0.0.1:9/x', secret, events: ['raised', 'escalated'], minSeverity: 'warning', categories: ['emergency', 'maintenance'] }]));
    expect(wantsEvent(w, makeAlertEvent({ type: 'raised', severity: 'warning' }))).toBe(true);
    expect(wantsEvent(w, makeAlertEvent({ type: 'raised', severity: 'critical', category: 'maintenance' }))).toBe(true);
    expect(wantsEvent(w, makeAlertEvent({ type: 'raised', severity: 'info' }))).toBe(false);
    expect(wantsEvent(w, makeAlertEvent({ type: 'resolved', severity: 'critical' }))).toBe(false);
  });

  it('refuses mistakes with a coded error naming the entry', () => {
    const bad = [
      'not json',
      '{}',
      JSON.stringify([{ url: 'ftp://x/y', secret }]),
      JSON.stringify([{ url: 'https://x/y', secret: 'short' }]),
      JSON.stringify([{ url: 'https://x/y', secret, minSeverity: 'high' }]),
      JSON.stringify([{ url: 'https://x/y', secret, events: ['exploded'] }]),
      JSON.stringify([{ url: 'https://x/y', secret, categories: [] }])
    ];
    for (const text of bad) expect(() => parseWebhooks(text), text).toThrow(expect.objectContaining({ code: 'CONFIG_PANTAU_WEBHOOKS' }));
  });

  it('parses alert events and refuses junk', () => {
    const e = makeAlertEvent();
    expect(parseAlertEvent(Buffer.from(JSON.stringify(e)))).toEqual(e);
    expect(parseAlertEvent('nope')).toBeNull();
    expect(parseAlertEvent(JSON.stringify({ ...e, type: 'exploded' }))).toBeNull();
    expect(parseAlertEvent(JSON.stringify({ ...e, alert: { ...e.alert, sensorId: 'BAD ID' } }))).toBeNull();
    expect(parseAlertEvent('null')).toBeNull();
  });
});

describe('notify config', () => {
  const files = { '/w.json': JSON.stringify([{ url: 'https://x/y', secret }]) };
  const read = (p: string) => {
    const text = (files as Record<string, string>)[p];
    if (text === undefined) throw new Error('ENOENT');
    return text;
  };

  it('has defaults and a derived client id', () => {
    const c = parseNotifyConfig({ PANTAU_WEBHOOKS: '/w.json', NOTIFY_SHARE_GROUP: 'g1' }, read);
    expect(c).toMatchObject({ mqttUrl: 'mqtt://127.0.0.1:1883', shareGroup: 'g1', mqttClientId: 'pantau-notify-g1', maxRetryMs: 3_600_000, queueMax: 1000 });
    expect(c.webhooks).toHaveLength(1);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('refuses a missing file, a bad retry time and a bad share group', () => {
    expect(() => parseNotifyConfig({}, read)).toThrow(expect.objectContaining({ code: 'CONFIG_PANTAU_WEBHOOKS' }));
    expect(() => parseNotifyConfig({ PANTAU_WEBHOOKS: '/nope' }, read)).toThrow(expect.objectContaining({ code: 'CONFIG_PANTAU_WEBHOOKS' }));
    expect(() => parseNotifyConfig({ PANTAU_WEBHOOKS: '/w.json', NOTIFY_MAX_RETRY_S: '-1' }, read)).toThrow(expect.objectContaining({ code: 'CONFIG_NOTIFY_MAX_RETRY_S' }));
    expect(() => parseNotifyConfig({ PANTAU_WEBHOOKS: '/w.json', NOTIFY_SHARE_GROUP: 'a/b' }, read)).toThrow(expect.objectContaining({ code: 'CONFIG_NOTIFY_SHARE_GROUP' }));
  });
});
