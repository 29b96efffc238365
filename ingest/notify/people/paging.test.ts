import { describe, expect, it } from 'vitest';
import { createPagingAlerts } from './paging';
import { alert, event } from './test-fixtures';

const open = new Set<string>();
const escalations = { isOpen: (id: string) => open.has(id) };

describe('paging alerts', () => {
  it('an acknowledgement on a copy from before a worsening the chain has seen is ignored; one on the current copy stops it', () => {
    const paging = createPagingAlerts(escalations, 10);
    const a = alert({ updatedAt: 0 });
    paging.keep(a);
    const worse = { ...a, level: 3, worsenedAt: 2_000, updatedAt: 2_000 };
    expect(paging.note(event('escalated', worse, 2_000))).toBe('worse');
    expect(paging.get(a.id)).toBe(worse);
    // The same worsening again (a replay) is no news; an update of the worse copy neither.
    expect(paging.note(event('escalated', worse, 2_000))).toBe('go on');
    expect(paging.note(event('updated', { ...worse, value: 300, updatedAt: 2_050 }, 2_050))).toBe('go on');
    expect(paging.note(event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 2_100, updatedAt: 2_100 }, 2_100))).toBe('ignored');
    expect(paging.get(a.id)?.value).toBe(300);
    expect(paging.note(event('acknowledged', { ...worse, state: 'acknowledged', acknowledgedAt: 2_200, updatedAt: 2_200 }, 2_200))).toBe('stop');
    expect(paging.get(a.id)).toBeUndefined();
  });

  it('keeps the newest copy: a replayed older event does not hide the worsening', () => {
    const paging = createPagingAlerts(escalations, 10);
    const a = alert({ updatedAt: 0 });
    paging.keep({ ...a, worsenedAt: 2_000, updatedAt: 2_000 });
    expect(paging.note(event('raised', a, 0))).toBe('go on');
    expect(paging.get(a.id)?.worsenedAt).toBe(2_000);
    expect(paging.note(event('acknowledged', { ...a, state: 'acknowledged' }, 2_100))).toBe('ignored');
  });

  it('an action on the copy from before a worsening, stamped later, does not replace the worse copy (so a stale acknowledgement stays refused)', () => {
    const paging = createPagingAlerts(escalations, 10);
    const a = alert({ updatedAt: 0 });
    paging.keep(a);
    const worse = { ...a, level: 3, worsenedAt: 2_000, updatedAt: 2_000 };
    paging.note(event('escalated', worse, 2_000));
    expect(paging.note(event('commented', { ...a, comments: [{ by: 'ani', at: 2_100, text: 'on my way' }], updatedAt: 2_100 }, 2_100))).toBe('go on');
    expect(paging.get(a.id)).toBe(worse);
    expect(paging.note(event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 2_200, updatedAt: 2_200 }, 2_200))).toBe('ignored');
  });

  it('of a chain over unacknowledged keeps the version: a worsening after it is worse, a stale acknowledgement still ignored', () => {
    const paging = createPagingAlerts(escalations, 10);
    const a = alert({ updatedAt: 0 });
    paging.keep(a);
    paging.settle(a.id);
    expect(paging.get(a.id)).toBeUndefined();
    const worse = { ...a, level: 3, worsenedAt: 2_000, updatedAt: 2_000 };
    expect(paging.note(event('escalated', worse, 2_000))).toBe('worse');
    expect(paging.note(event('escalated', worse, 2_000))).toBe('go on');
    expect(paging.note(event('acknowledged', { ...a, state: 'acknowledged', updatedAt: 2_100 }, 2_100))).toBe('ignored');
    expect(paging.note(event('acknowledged', { ...worse, state: 'acknowledged', updatedAt: 2_200 }, 2_200))).toBe('stop');
    // Acknowledged: forgotten, a later worsening is a new round like any.
    expect(paging.note(event('escalated', { ...worse, worsenedAt: 3_000, updatedAt: 3_000 }, 3_000))).toBe('go on');
    // A chain restored as over: its version from the stored alert.
    paging.settle('r', alert({ id: 'r', worsenedAt: 500 }));
    expect(paging.note(event('acknowledged', alert({ id: 'r', state: 'acknowledged' })))).toBe('ignored');
  });

  it('an acknowledgement is kept by version: a later copy of it or older without it is answered, a newer version goes on', () => {
    const paging = createPagingAlerts(escalations, 2);
    const a = alert({ updatedAt: 0, worsenedAt: 100 });
    paging.keep(a);
    expect(paging.note(event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 500, updatedAt: 500 }, 500))).toBe('stop');
    // The ingest's escalation of its copy that had not merged it yet; its update of the same version.
    expect(paging.note(event('escalated', { ...a, escalated: true, updatedAt: 600 }, 600))).toBe('answered');
    expect(paging.note(event('updated', { ...a, updatedAt: 700 }, 700))).toBe('answered');
    expect(paging.note(event('escalated', { ...a, worsenedAt: 800, updatedAt: 800 }, 800))).toBe('go on');
    // An alert never versioned (no worsenedAt) is covered the same way; another never acknowledged is not.
    const b = alert({ id: 'b' });
    expect(paging.note(event('raised', b))).toBe('go on');
    expect(paging.note(event('commented', { ...b, state: 'acknowledged', acknowledgedAt: 900, updatedAt: 900 }, 900))).toBe('stop');
    expect(paging.note(event('escalated', { ...b, updatedAt: 1_000 }, 1_000))).toBe('answered');
    // Resolved on any event's copy: final, whatever version comes later. Bounded: the oldest acknowledgement goes first.
    expect(paging.note(event('updated', { ...alert({ id: 'c' }), state: 'resolved', updatedAt: 1_100 }, 1_100))).toBe('stop');
    expect(paging.note(event('escalated', { ...alert({ id: 'c' }), worsenedAt: 5_000, updatedAt: 5_000 }, 5_000))).toBe('answered');
    expect(paging.note(event('escalated', { ...a, escalated: true, updatedAt: 1_200 }, 1_200))).toBe('go on');
  });

  it('resolved stops whatever the copy; settle lets go only of alerts whose chain is over; bounded', () => {
    const paging = createPagingAlerts(escalations, 2);
    open.add('b');
    for (const id of ['a', 'b', 'c']) paging.keep(alert({ id }));
    expect(['a', 'b', 'c'].map((id) => !!paging.get(id))).toEqual([false, true, true]);
    paging.settle('b');
    paging.settle('c');
    expect([!!paging.get('b'), !!paging.get('c')]).toEqual([true, false]);
    expect(paging.note(event('resolved', alert({ id: 'b' })))).toBe('stop');
    expect(paging.get('b')).toBeUndefined();
    open.clear();
  });
});
