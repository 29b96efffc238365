import { describe, it, expect } from 'vitest';
import type { AlertEvent } from '../core/alert';
import { createAlertStore, isAlertEvent } from './alert-store';
import { testAlert, testEvent } from './alert-fixtures';

const alert = testAlert;
const event = testEvent;

describe('createAlertStore', () => {
  it('drops an event it has seen (own action echoed back over MQTT)', () => {
    const store = createAlertStore();
    const e = event('acknowledged', alert('a1', 10, 'acknowledged'));
    expect(store.apply(e, 10)?.seq).toBe(1);
    expect(store.apply(JSON.parse(JSON.stringify(e)), 11)).toBeNull();
    expect(store.lastSeq()).toBe(1);
  });

  it('keeps the newer alert when an older event arrives late, but logs it', () => {
    const store = createAlertStore();
    store.apply(event('acknowledged', alert('a1', 20, 'acknowledged')), 20);
    store.apply(event('raised', alert('a1', 10)), 21);
    expect(store.get('a1')?.state).toBe('acknowledged');
    expect(store.since(0).map((e) => e.type)).toEqual(['acknowledged', 'raised']);
  });

  it('replays events after a seq from a bounded ring', () => {
    const store = createAlertStore({ ringSize: 3, resolvedRetentionMs: 1e9, maxAlerts: 100 });
    for (let i = 1; i <= 5; i++) store.apply(event('raised', alert(`a${i}`, i)), i);
    expect(store.since(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(store.since(0).map((e) => e.seq)).toEqual([3, 4, 5]); // 1 and 2 fell out of the ring
    expect(store.since(5)).toEqual([]);
  });

  it('forgets resolved alerts after the retention and caps the total', () => {
    const store = createAlertStore({ ringSize: 10, resolvedRetentionMs: 100, maxAlerts: 2 });
    store.apply(event('resolved', alert('old', 0, 'resolved')), 0);
    store.apply(event('raised', alert('b', 150)), 150);
    expect(store.list(150).map((a) => a.id)).toEqual(['b']);
    store.apply(event('raised', alert('c', 160)), 160);
    store.apply(event('raised', alert('d', 170)), 170);
    expect(store.list(170).map((a) => a.id)).toEqual(['d', 'c']);
  });

  it('a worsening beats an acknowledgement made on the copy from before it, though that is stamped later (live and load)', () => {
    const worse = { ...alert('a1', 20), level: 2, worsenedAt: 20 };
    // The web acknowledged its copy from before the worsening (no worsenedAt), at 30 on its clock: the ingest refuses it.
    const staleAck = event('acknowledged', { ...alert('a1', 30, 'acknowledged'), acknowledgedAt: 30 });
    const live = createAlertStore();
    live.apply(event('raised', alert('a1', 10)), 10);
    live.apply(staleAck, 30);
    live.apply(event('escalated', worse), 31);
    expect(live.get('a1')).toMatchObject({ state: 'raised', level: 2, worsenedAt: 20 });
    const loaded = createAlertStore();
    loaded.load([event('raised', alert('a1', 10)), event('escalated', worse), staleAck], 40);
    expect(loaded.get('a1')).toMatchObject({ state: 'raised', level: 2 });
    // Held already, the stale acknowledgement read back does not replace it either.
    expect(loaded.load([staleAck], 41)).toEqual([]);
    expect(loaded.get('a1')?.state).toBe('raised');
  });

  it('keeps an assignment and a comment made on the copy from before a worsening once the worsening arrives (live and load)', () => {
    const v0 = alert('a1', 10);
    const assigned = event('assigned', { ...v0, assignee: 'Tim Damkar 3', updatedAt: 30 });
    const commented = event('commented', { ...assigned.alert, comments: [{ by: 'op1', at: 31, text: 'crew dispatched' }], updatedAt: 31 });
    const worse = event('escalated', { ...v0, level: 2, worsenedAt: 20, updatedAt: 20 });
    const live = createAlertStore();
    for (const e of [event('raised', v0), assigned, commented, worse]) live.apply(e, 40);
    expect(live.get('a1')).toMatchObject({ level: 2, worsenedAt: 20, assignee: 'Tim Damkar 3' });
    expect(live.get('a1')?.comments).toHaveLength(1);
    expect(live.list(40)[0].assignee).toBe('Tim Damkar 3');
    // Stored events are read in time order, the worsening (ingest clock) before the web's actions.
    const loaded = createAlertStore();
    const changed = loaded.load([event('raised', v0), worse, assigned, commented], 50);
    expect(loaded.get('a1')).toMatchObject({ level: 2, assignee: 'Tim Damkar 3' });
    expect(changed[0].alert).toMatchObject({ level: 2, assignee: 'Tim Damkar 3' });
    expect(changed[0].alert.comments).toHaveLength(1);
    // A worsened copy held without them (live) takes them from the stored actions; read back again, nothing changes.
    const held = createAlertStore();
    held.apply(worse, 40);
    expect(held.load([assigned, commented], 50).map((e) => e.alert.assignee)).toEqual(['Tim Damkar 3']);
    expect(held.get('a1')).toMatchObject({ level: 2, assignee: 'Tim Damkar 3' });
    expect(held.load([assigned, commented, worse], 51)).toEqual([]);
  });

  it('keeps an acknowledgement the ingest\'s silent update of the same version crossed, whichever comes first (live and load)', () => {
    const v = { ...alert('a1', 10), worsenedAt: 5 };
    const ack = event('acknowledged', { ...v, state: 'acknowledged', acknowledgedAt: 30, acknowledgedBy: 'person:sari', acknowledgedVia: 'console', updatedAt: 30 });
    // the ingest re-tells the expected time at 40, not holding the acknowledgement yet
    const refresh = event('updated', { ...v, title: { id: 't2', en: 'expected at 10:44' }, updatedAt: 40 });
    const acked = { state: 'acknowledged', acknowledgedAt: 30, acknowledgedBy: 'person:sari', acknowledgedVia: 'console', updatedAt: 40 };
    for (const order of [[ack, refresh], [refresh, ack]]) {
      const live = createAlertStore();
      for (const e of [event('raised', v), ...order]) live.apply(e, 50);
      expect(live.get('a1')).toMatchObject({ ...acked, title: { en: 'expected at 10:44' } });
      const loaded = createAlertStore();
      expect(loaded.load([event('raised', v), ...order], 50).map((e) => [e.type, e.alert.state])).toEqual([['updated', 'acknowledged']]);
      expect(loaded.get('a1')).toMatchObject(acked);
    }
    // the update held live, the acknowledgement read back from storage: taken, and told to clients once
    const held = createAlertStore();
    held.apply(refresh, 50);
    expect(held.load([ack], 60).map((e) => e.alert.state)).toEqual(['acknowledged']);
    expect(held.get('a1')).toMatchObject(acked);
    expect(held.load([ack, refresh], 61)).toEqual([]);
    // a worsening still drops it; a resolution stays final
    const worse = event('escalated', { ...v, level: 2, worsenedAt: 35, updatedAt: 35 });
    const w = createAlertStore();
    for (const e of [ack, worse, refresh]) w.apply(e, 50);
    expect(w.get('a1')).toMatchObject({ state: 'raised', level: 2 });
    expect(w.get('a1')?.acknowledgedAt).toBeUndefined();
    const resolved = event('resolved', { ...refresh.alert, state: 'resolved', resolvedAt: 40 });
    const r = createAlertStore();
    for (const e of [resolved, ack]) r.apply(e, 50);
    expect(r.get('a1')).toBe(resolved.alert);
  });

  it('load merges stored state without rolling back newer live alerts', () => {
    const store = createAlertStore();
    store.apply(event('acknowledged', alert('a1', 50, 'acknowledged')), 50);
    store.load([event('raised', alert('a1', 10)), event('raised', alert('a2', 20))], 60);
    expect(store.get('a1')?.state).toBe('acknowledged');
    expect(store.get('a2')?.state).toBe('raised');
    expect(store.apply(event('raised', alert('a2', 20)), 61)).toBeNull();
  });

  it('load returns, sequenced and oldest first, the newest event of each alert it changed, for clients connected meanwhile', () => {
    const store = createAlertStore({ ringSize: 10, resolvedRetentionMs: 100, maxAlerts: 100 });
    store.apply(event('acknowledged', alert('held', 50, 'acknowledged')), 50);
    const changed = store.load(
      [
        event('acknowledged', alert('a2', 40, 'acknowledged')),
        event('raised', alert('a2', 30)),
        event('raised', alert('held', 10)),
        event('resolved', alert('gone', 5, 'resolved')),
        event('raised', alert('a3', 20))
      ],
      200
    );
    // held is newer live; gone was resolved before the retention; a2 in its newest state.
    expect(changed.map((e) => [e.alert.id, e.type, e.seq])).toEqual([
      ['a3', 'raised', 2],
      ['a2', 'acknowledged', 3]
    ]);
    expect(store.since(1).map((e) => e.alert.id)).toEqual(['a3', 'a2']);
    expect(store.load([event('raised', alert('a3', 20))], 201)).toEqual([]);
  });
});

describe('isAlertEvent', () => {
  it('refuses events with a bad type, sensor id or alert', () => {
    expect(isAlertEvent(event('raised', alert('a', 1)))).toBe(true);
    expect(isAlertEvent({ ...event('raised', alert('a', 1)), type: 'exploded' })).toBe(false);
    expect(isAlertEvent(event('raised', { ...alert('a', 1), sensorId: "x' OR 1=1" }))).toBe(false);
    expect(isAlertEvent({ type: 'raised', at: 1, by: 'x' })).toBe(false);
  });
});
