import { describe, it, expect } from 'vitest';
import { createAlertStore } from './alert-store';
import { catchUpAlerts } from './alert-catch-up';
import { testAlert, testEvent } from './alert-fixtures';

const alert = testAlert;
const event = testEvent;
const HOUR_MS = 3_600_000;

describe('catchUpAlerts', () => {
  it('sends a new alert and a newer version of a held one, with fresh seqs, oldest first', () => {
    const store = createAlertStore();
    store.apply(event('raised', alert('held', 10)), 10);
    const stored = [
      event('raised', alert('held', 10)),
      event('raised', alert('new', 30)),
      event('acknowledged', alert('held', 20, 'acknowledged'))
    ];
    const sent = catchUpAlerts(store, stored, 40);
    expect(sent.map((e) => [e.alert.id, e.type, e.seq])).toEqual([
      ['held', 'acknowledged', 2],
      ['new', 'raised', 3]
    ]);
    expect(store.get('held')?.state).toBe('acknowledged');
    expect(store.get('new')?.state).toBe('raised');
  });

  it('sends only the newest stored event of an alert missed entirely', () => {
    const store = createAlertStore();
    const stored = [event('raised', alert('a', 10)), event('updated', alert('a', 20)), event('escalated', alert('a', 30))];
    expect(catchUpAlerts(store, stored, 40).map((e) => e.type)).toEqual(['escalated']);
  });

  it('names a worsening missed while away as escalated, and an open alert never held as raised, when a comment was stored after them', () => {
    const store = createAlertStore();
    store.apply(event('raised', alert('w', 10)), 10);
    const worse = { ...alert('w', 30), level: 2, worsenedAt: 20 };
    const missedRaise = alert('n', 25);
    const stored = [event('escalated', { ...worse, updatedAt: 20 }), event('commented', worse), event('commented', missedRaise)];
    expect(catchUpAlerts(store, stored, 40).map((e) => [e.alert.id, e.type])).toEqual([
      ['n', 'raised'],
      ['w', 'escalated']
    ]);
    // a newer copy of the same version (a comment) stays a comment; an acknowledged copy never rings
    store.apply(event('commented', { ...worse, updatedAt: 50 }), 50);
    expect(catchUpAlerts(store, [event('commented', { ...worse, updatedAt: 60 })], 70).map((e) => e.type)).toEqual(['commented']);
    expect(catchUpAlerts(store, [event('commented', alert('acked', 60, 'acknowledged'))], 70).map((e) => e.type)).toEqual(['commented']);
  });

  it('sends nothing when the store is up to date or newer (a live event beat the query)', () => {
    const store = createAlertStore();
    store.apply(event('acknowledged', alert('a', 50, 'acknowledged')), 50);
    expect(catchUpAlerts(store, [event('raised', alert('a', 10))], 60)).toEqual([]);
    expect(catchUpAlerts(store, [event('acknowledged', alert('a', 50, 'acknowledged'))], 60)).toEqual([]);
    expect(store.lastSeq()).toBe(1);
  });

  it('sends a worsening missed while away though the store holds an acknowledgement stamped after it (made on the older copy)', () => {
    const store = createAlertStore();
    store.apply(event('acknowledged', { ...alert('a', 30, 'acknowledged'), acknowledgedAt: 30 }), 30);
    const worse = event('escalated', { ...alert('a', 20), level: 2, worsenedAt: 20 });
    expect(catchUpAlerts(store, [worse], 40).map((e) => e.type)).toEqual(['escalated']);
    expect(store.get('a')).toMatchObject({ state: 'raised', level: 2 });
  });

  it('is idempotent: a second catch-up with the same stored events sends nothing', () => {
    const store = createAlertStore();
    const stored = [event('raised', alert('a', 10)), event('raised', alert('b', 11))];
    expect(catchUpAlerts(store, stored, 20)).toHaveLength(2);
    expect(catchUpAlerts(store, stored, 21)).toEqual([]);
  });

  it('skips alerts resolved before the retention window but sends a recent resolution', () => {
    const now = 10 * HOUR_MS;
    const store = createAlertStore();
    store.apply(event('raised', alert('recent', now - 30 * 60_000)), now - 30 * 60_000);
    const stored = [event('resolved', alert('ancient', now - 2 * HOUR_MS, 'resolved')), event('resolved', alert('recent', now - 60_000, 'resolved'))];
    const sent = catchUpAlerts(store, stored, now, HOUR_MS);
    expect(sent.map((e) => e.alert.id)).toEqual(['recent']);
    expect(store.get('ancient')).toBeUndefined();
  });
});
