import { describe, expect, it } from 'vitest';
import { clickTarget, notificationOptions, readPushPayload } from './notification';

const origin = 'https://pantau.example';
const sent = {
  title: 'Siaga 2 · Gunung Lingai 215 cm',
  body: 'Air naik cepat.',
  url: 'https://pantau.example/app',
  ackUrl: 'https://pantau.example/ack/tok',
  tag: 'flood-gunung-lingai:flood_level:1',
  severity: 'critical',
  alertIds: ['flood-gunung-lingai:flood_level:1']
};

describe('push payload', () => {
  it('shows what the webpush channel sends: a critical alert stays, with a Tangani action carrying the link', () => {
    const options = notificationOptions(readPushPayload(sent, origin));
    expect(options).toMatchObject({ body: sent.body, tag: sent.tag, lang: 'id', requireInteraction: true, data: { url: sent.url, ackUrl: sent.ackUrl, alertIds: sent.alertIds } });
    expect(options.actions).toEqual([{ action: 'ack', title: 'Tangani' }]);
  });

  it('speaks English when the message says so, and offers no action without a link (a digest)', () => {
    const { ackUrl: _ack, ...digest } = sent;
    const options = notificationOptions(readPushPayload({ ...digest, severity: 'warning', lang: 'en' }, origin));
    expect(options).toMatchObject({ lang: 'en', requireInteraction: false, actions: [] });
    expect(notificationOptions(readPushPayload({ ...sent, lang: 'en' }, origin)).actions).toEqual([{ action: 'ack', title: 'Acknowledge' }]);
  });

  it('reads anything else defensively: a text body, no links that are not web pages, bounded texts', () => {
    expect(readPushPayload('plain text', origin)).toMatchObject({ title: 'Pantau', body: 'plain text', url: `${origin}/app`, tag: 'pantau' });
    const hostile = readPushPayload({ title: 'x'.repeat(5_000), url: 'javascript:alert(1)', ackUrl: 'data:text/html,hi', alertIds: [1, 'a'] }, origin);
    expect(hostile.title).toHaveLength(200);
    expect(hostile.url).toBe(`${origin}/app`);
    expect(hostile.ackUrl).toBeUndefined();
    expect(hostile.alertIds).toEqual(['a']);
    expect(hostile.tag).toBe('a');
  });
});

describe('notification click', () => {
  const data = notificationOptions(readPushPayload(sent, origin)).data;
  it('opens the acknowledge confirm page for Tangani, and the alert for the body', () => {
    expect(clickTarget('ack', data, origin)).toBe(sent.ackUrl);
    expect(clickTarget('', data, origin)).toBe(sent.url);
  });
  it('falls back to the app when a link is missing or not a web page', () => {
    expect(clickTarget('ack', { url: '/alerts' }, origin)).toBe(`${origin}/alerts`);
    expect(clickTarget('', { url: 'javascript:x' }, origin)).toBe(`${origin}/app`);
    expect(clickTarget('', null, origin)).toBe(`${origin}/app`);
  });
});
