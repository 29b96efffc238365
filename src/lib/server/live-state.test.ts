import { describe, it, expect } from 'vitest';
import type { LiveReading } from '../core/reading';
import { createLiveReading } from '../core/live-reading';
import type { Sensor } from '../core/sensor';
import { MAX_FUTURE_MS, createLiveState, isLiveReading, parseLiveBatch } from './live-state';
import { UNKNOWN_QUIET_MS } from './unknown-sensors';

const GAUGE: Sensor = {
  id: 'a', kind: 'flood', name: 'A', district: 'Samarinda Ulu', lat: 0, lon: 0, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 }
};
function reading(sensorId: string, ts: number, level = 100): LiveReading {
  return createLiveReading(GAUGE, { sensorId, kind: 'flood', ts, values: { water_level: level } });
}

describe('createLiveState', () => {
  it('refuses readings dated beyond the allowed future window of the server clock', () => {
    const now = Date.UTC(2026, 11, 6);
    const state = createLiveState({ isKnown: (id) => ['a'].includes(id), maxUnknown: 0, now: () => now });
    expect(state.apply([reading('a', Date.UTC(2100, 0, 1), 999)])).toBe(0);
    expect(state.apply([reading('a', now + MAX_FUTURE_MS + 1)])).toBe(0);
    expect(state.lastReadingAt()).toBe(0);
    // A real reading still gets through, and is not shadowed by the refused one.
    expect(state.apply([reading('a', now - 1000, 120), reading('a', now + 1000, 130)])).toBe(2);
    expect(state.latest()[0].values.water_level).toBe(130);
    expect(state.lastReadingAt()).toBe(now);
  });

  it('dates a reading from a fast device clock at its arrival: the feed does not look live after it stops', () => {
    let now = Date.UTC(2026, 11, 7, 2);
    const state = createLiveState({ isKnown: (id) => ['a', 'b'].includes(id), maxUnknown: 0, now: () => now });
    expect(state.apply([reading('a', now + 270_000), reading('b', now - 5_000)])).toBe(2);
    expect(state.latest().map((r) => r.ts)).toEqual([now + 270_000, now - 5_000]);
    expect(state.lastReadingAt()).toBe(now);
    now += 60_000;
    state.apply([reading('b', now - 1_000)]);
    expect(state.lastReadingAt()).toBe(now - 1_000);
  });

  it('coalesces many readings of one sensor into one pending entry, the newest', () => {
    const state = createLiveState({ isKnown: (id) => ['a', 'b'].includes(id), maxUnknown: 0 });
    state.apply([reading('a', 1), reading('a', 3, 130), reading('b', 2)]);
    state.apply([reading('a', 2, 120)]); // late delivery must not roll back
    const batch = state.takePending();
    expect(batch).toHaveLength(2);
    expect(batch.find((r) => r.sensorId === 'a')?.values.water_level).toBe(130);
    expect(state.takePending()).toEqual([]);
    expect(state.lastReadingAt()).toBe(3);
  });

  it('gives a client that fell behind the newest reading of each sensor changed since its version', () => {
    const state = createLiveState({ isKnown: (id) => ['a', 'b', 'c'].includes(id), maxUnknown: 0 });
    state.apply([reading('a', 1), reading('b', 1), reading('c', 1)]);
    const seen = state.version();
    state.apply([reading('b', 2, 110), reading('b', 3, 120), reading('a', 0, 1)]); // a: late, refused
    expect(state.changedSince(seen)).toEqual([reading('b', 3, 120)]);
    expect(state.changedSince(0).map((r) => r.sensorId).sort()).toEqual(['a', 'b', 'c']);
    expect(state.changedSince(state.version())).toEqual([]);
  });

  it('bounds sensors outside the catalog', () => {
    const state = createLiveState({ isKnown: (id) => ['known'].includes(id), maxUnknown: 2 });
    const n = state.apply([reading('x1', 1), reading('x2', 1), reading('x3', 1), reading('known', 1), reading('x1', 2)]);
    expect(n).toBe(4);
    expect(state.latest().map((r) => r.sensorId).sort()).toEqual(['known', 'x1', 'x2']);
  });

  it('forgets sensors outside the catalog once quiet, so a new one is taken after a burst of bogus ids', () => {
    let now = Date.UTC(2026, 11, 7, 2);
    const state = createLiveState({ isKnown: (id) => id === 'known', maxUnknown: 2, now: () => now });
    state.apply([reading('bogus1', now), reading('bogus2', now), reading('known', now)]);
    const seen = state.version();
    now += 60_000;
    expect(state.apply([reading('new', now)])).toBe(0);
    now += UNKNOWN_QUIET_MS;
    // the quiet ids leave the snapshot and a slow client's catch-up; the catalog sensor's reading stays, however old
    expect(state.latest().map((r) => r.sensorId)).toEqual(['known']);
    expect(state.apply([reading('new', now)])).toBe(1);
    // not broadcast either: pending since the last flush, they leave it with the rest
    expect(state.takePending().map((r) => r.sensorId)).toEqual(['known', 'new']);
    expect(state.changedSince(seen).map((r) => r.sensorId)).toEqual(['new']);
    expect(state.size()).toBe(2);
  });

  it('takes a sensor that joined the catalog whatever the count outside it, and frees its slot', () => {
    const catalog = new Set(['known']);
    const state = createLiveState({ isKnown: (id) => catalog.has(id), maxUnknown: 1 });
    expect(state.apply([reading('early', 1), reading('added', 1)])).toBe(1);
    catalog.add('added');
    catalog.add('early');
    expect(state.apply([reading('added', 2)])).toBe(1);
    // early reports again as a catalog sensor: its slot is free for an id still outside the catalog
    expect(state.apply([reading('early', 2), reading('stray', 2)])).toBe(2);
    expect(state.latest().map((r) => r.sensorId).sort()).toEqual(['added', 'early', 'stray']);
  });

  it('drops the last reading of a sensor removed from the catalog once its version moves, keeping those outside it still heard', () => {
    const catalog = new Set(['kept', 'removed']);
    let version = 1;
    const state = createLiveState({ isKnown: (id) => catalog.has(id), catalogVersion: () => version, maxUnknown: 5 });
    state.apply([reading('kept', 1), reading('removed', 1), reading('stray', 1)]);
    const seen = state.version();
    state.apply([reading('removed', 2)]);
    catalog.delete('removed');
    version = 2;
    // a newly connected screen's snapshot, a slow client's catch-up and the next broadcast all leave it out
    expect(state.latest().map((r) => r.sensorId).sort()).toEqual(['kept', 'stray']);
    expect(state.changedSince(seen)).toEqual([]);
    expect(state.takePending().map((r) => r.sensorId).sort()).toEqual(['kept', 'stray']);
    expect(state.size()).toBe(2);
    // still reporting (the ingest's catalog behind): held again as a sensor outside the catalog
    expect(state.apply([reading('removed', 3)])).toBe(1);
    expect(state.latest().map((r) => r.sensorId).sort()).toEqual(['kept', 'removed', 'stray']);
  });

  it("leaves a removed sensor's queued reading out of the very next broadcast, with no snapshot asked in between", () => {
    const catalog = new Set(['kept', 'removed']);
    let version = 1;
    const state = createLiveState({ isKnown: (id) => catalog.has(id), catalogVersion: () => version, maxUnknown: 5 });
    state.apply([reading('kept', 1), reading('removed', 1)]);
    catalog.delete('removed');
    version = 2;
    expect(state.takePending().map((r) => r.sensorId)).toEqual(['kept']);
    expect(state.size()).toBe(1);
  });
});

describe('parseLiveBatch', () => {
  it('keeps valid readings and counts junk', () => {
    const junk = [{ sensorId: 'BAD ID', kind: 'flood' }, { ...reading('a', 1), values: { water_level: 'high' } }, null, 7];
    const { readings, dropped } = parseLiveBatch(JSON.stringify([reading('a', 1), ...junk]));
    expect(readings).toHaveLength(1);
    expect(dropped).toBe(4);
  });

  it('refuses non-arrays and broken JSON as one drop', () => {
    expect(parseLiveBatch('{"a":1}')).toEqual({ readings: [], dropped: 1 });
    expect(parseLiveBatch('[{')).toEqual({ readings: [], dropped: 1 });
  });

  it('refuses a reading of an unknown kind or with no values', () => {
    expect(isLiveReading({ ...reading('a', 1), kind: 'noise' })).toBe(false);
    expect(isLiveReading({ ...reading('a', 1), values: {} })).toBe(false);
    expect(isLiveReading(reading('a', 1))).toBe(true);
  });

  it('refuses a reading without a state of its kind, or whose severity disagrees with its state', () => {
    const r = reading('a', 1, 220);
    expect(isLiveReading(r)).toBe(true);
    expect(isLiveReading({ ...r, state: undefined })).toBe(false);
    expect(isLiveReading({ ...r, state: { ...r.state, kind: 'air' } })).toBe(false);
    expect(isLiveReading({ ...r, state: { ...r.state, siaga: 7 } })).toBe(false);
    // Siaga 2 is severity 2: a reading saying 0 would be a green dot labelled Siaga 2.
    expect(isLiveReading({ ...r, severity: 0 })).toBe(false);
  });
});
