import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isOpen } from '../../core/alert';
import { testAlert, testEvent } from '../alert-fixtures';
import { createAlertStore } from '../alert-store';
import type { RealtimeHub } from '../realtime';
import { parseCapConfig } from './config';
import { FEED_CACHE_MS, getCapDocument, getCapFeed } from './feed';

/** The hub's alert side over a real AlertStore; counts how often the whole list is read (one per rendering). */
function storeHub() {
  const store = createAlertStore();
  let lists = 0;
  const hub = {
    sensors: new Map(),
    alert: (id: string) => store.get(id),
    lastEventSeq: () => store.lastSeq(),
    listAlerts(state: 'open' | 'all', hours: number) {
      lists++;
      const now = Date.now();
      return store.list(now).filter((a) => isOpen(a) || (state === 'all' && a.updatedAt >= now - hours * 3_600_000));
    }
  } as unknown as RealtimeHub;
  return { hub, store, lists: () => lists };
}

const config = parseCapConfig({});
const ORIGIN = 'https://pantau.example';

describe('the CAP feed is rendered once per change of the alerts', () => {
  it('serves the same rendering until an alert changes, then the new one', () => {
    const { hub, store, lists } = storeHub();
    const t = Date.now();
    store.apply(testEvent('raised', testAlert('flood-01:flood_level:1', t - 1000)), t);
    const first = getCapFeed(hub, config, ORIGIN, t);
    for (let i = 1; i <= 50; i++) expect(getCapFeed(hub, config, ORIGIN, t + i).body).toBe(first.body);
    // was: 51 renderings of the whole feed, one per request
    expect(lists()).toBe(1);
    store.apply(testEvent('raised', testAlert('flood-02:flood_level:1', t)), t);
    const second = getCapFeed(hub, config, ORIGIN, t + 60);
    expect(lists()).toBe(2);
    expect(String(second.body).match(/<entry>/g)).toHaveLength(2);
    expect(second.headers?.etag).not.toBe(first.headers?.etag);
    // another origin (no PANTAU_PUBLIC_URL) has its own links
    expect(String(getCapFeed(hub, config, 'https://other.example', t + 61).body)).toContain('https://other.example/api/cap/');
  });

  it('keeps a rendering per origin: requests alternating two Host headers do not render every time', () => {
    const { hub, store, lists } = storeHub();
    const t = Date.now();
    store.apply(testEvent('raised', testAlert('flood-05:flood_level:1', t)), t);
    for (let i = 0; i < 20; i++) {
      const origin = i % 2 ? 'https://a.example' : 'https://b.example';
      expect(String(getCapFeed(hub, config, origin, t + i).body)).toContain(`${origin}/api/cap/`);
    }
    // was: 20 renderings, one per request, the one cached rendering's origin never the asked one
    expect(lists()).toBe(2);
  });

  it('renders again after FEED_CACHE_MS without an event (a resolved alert leaves the feed with time)', () => {
    const { hub, store, lists } = storeHub();
    const t = Date.now();
    store.apply(testEvent('raised', testAlert('flood-03:flood_level:1', t)), t);
    getCapFeed(hub, config, ORIGIN, t);
    getCapFeed(hub, config, ORIGIN, t + FEED_CACHE_MS - 1);
    expect(lists()).toBe(1);
    getCapFeed(hub, config, ORIGIN, t + FEED_CACHE_MS);
    expect(lists()).toBe(2);
    // a clock set back renders again too
    getCapFeed(hub, config, ORIGIN, t - 5_000);
    expect(lists()).toBe(3);
  });

  it('answers a poller holding the ETag with 304 and no body, and gzips for a client that accepts it', () => {
    const { hub, store } = storeHub();
    const t = Date.now();
    store.apply(testEvent('raised', testAlert('flood-04:flood_level:1', t)), t);
    const plain = getCapFeed(hub, config, ORIGIN, t);
    expect(plain.status).toBe(200);
    const again = getCapFeed(hub, config, ORIGIN, t + 1, { ifNoneMatch: plain.headers!.etag });
    expect(again).toMatchObject({ status: 304, body: null });
    const zipped = getCapFeed(hub, config, ORIGIN, t + 2, { gzip: true });
    expect(zipped.headers).toMatchObject({ 'content-encoding': 'gzip' });
    // its own strong ETag (a representation of its own), which also answers 304 in either encoding
    expect(zipped.headers!.etag).not.toBe(plain.headers!.etag);
    expect(getCapFeed(hub, config, ORIGIN, t + 3, { ifNoneMatch: zipped.headers!.etag }).status).toBe(304);
    expect(getCapFeed(hub, config, ORIGIN, t + 3, { ifNoneMatch: zipped.headers!.etag, gzip: true })).toMatchObject({ status: 304, headers: { etag: zipped.headers!.etag } });
    expect(gunzipSync(zipped.body as Uint8Array).toString()).toBe(plain.body);
  });
});

describe('one CAP document', () => {
  it('is the emergency alert the hub holds, open or resolved within the hour; 404 otherwise', () => {
    const { hub, store } = storeHub();
    const t = Date.now();
    const silent = { ...testAlert('flood-05:sensor_silent:1', t), rule: 'sensor_silent' as const, category: 'maintenance' as const };
    store.apply(testEvent('raised', testAlert('flood-05:flood_level:1', t)), t);
    store.apply(testEvent('raised', silent), t);
    store.apply(testEvent('resolved', testAlert('flood-06:flood_level:1', t - 30 * 60_000, 'resolved')), t);
    expect(getCapDocument(hub, config, 'flood-05:flood_level:1', t).status).toBe(200);
    expect(getCapDocument(hub, config, 'flood-06:flood_level:1', t).status).toBe(200);
    expect(getCapDocument(hub, config, 'flood-06:flood_level:1', t + 31 * 60_000).status).toBe(404);
    expect(getCapDocument(hub, config, silent.id, t).status).toBe(404);
    expect(getCapDocument(hub, config, 'nope', t).status).toBe(404);
    expect(getCapDocument(undefined, config, 'nope', t).status).toBe(503);
  });
});
