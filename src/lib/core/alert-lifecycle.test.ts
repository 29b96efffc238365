import { describe, it, expect } from 'vitest';
import type { Alert, AlertEvent } from './alert';
import { applyAlertAction, compareAlertCopies, foldAlertEvents, MAX_ALERT_STEPS, mergeAlertCopies, newerCopy } from './alert-lifecycle';
import { isAlert } from '../schemas/wire';

const base: Alert = {
  id: 'flood-a:flood_level:1', sensorId: 'flood-a', sensorName: 'A', kind: 'flood', district: 'Sungai Pinang',
  rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3,
  title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' }, action: { id: 'a', en: 'a' },
  value: 300, state: 'raised', raisedAt: 1, updatedAt: 1, comments: []
};

describe('applyAlertAction step', () => {
  it('records who ticked which step and when, replacing an earlier tick of the same step', () => {
    const e1 = applyAlertAction(base, { alertId: base.id, action: 'step', stepId: 'flood.notify-bpbd', done: true }, 'sari', 10);
    if ('ok' in e1) throw new Error(e1.detail);
    expect(e1.type).toBe('stepped');
    expect(e1.alert.steps).toEqual([{ id: 'flood.notify-bpbd', done: true, by: 'sari', at: 10 }]);
    expect(base.steps).toBeUndefined();
    const e2 = applyAlertAction(e1.alert, { alertId: base.id, action: 'step', stepId: 'flood.notify-bpbd', done: false }, 'budi', 20);
    if ('ok' in e2) throw new Error(e2.detail);
    expect(e2.alert.steps).toEqual([{ id: 'flood.notify-bpbd', done: false, by: 'budi', at: 20 }]);
    expect(foldAlertEvents([e1, e2]).get(base.id)?.steps?.[0].by).toBe('budi');
  });

  it('refuses bad step ids, a missing done flag, resolved alerts and too many steps', () => {
    expect('ok' in applyAlertAction(base, { alertId: base.id, action: 'step', stepId: 'x y', done: true }, 's', 2)).toBe(true);
    expect('ok' in applyAlertAction(base, { alertId: base.id, action: 'step', stepId: 'x' }, 's', 2)).toBe(true);
    expect('ok' in applyAlertAction({ ...base, state: 'resolved' }, { alertId: base.id, action: 'step', stepId: 'x', done: true }, 's', 2)).toBe(true);
    const full: Alert = { ...base, steps: Array.from({ length: MAX_ALERT_STEPS }, (_, i) => ({ id: `s${i}`, done: true, by: 'x', at: 1 })) };
    expect('ok' in applyAlertAction(full, { alertId: base.id, action: 'step', stepId: 'another', done: true }, 's', 2)).toBe(true);
    // Re-ticking a step already there is allowed even at the bound.
    expect('ok' in applyAlertAction(full, { alertId: base.id, action: 'step', stepId: 's3', done: false }, 's', 2)).toBe(false);
  });
});

describe('applyAlertAction acknowledge', () => {
  it('keeps how the acknowledgement came, and the fold keeps it', () => {
    const e = applyAlertAction(base, { alertId: base.id, action: 'acknowledge', via: 'email' }, 'person:sari', 5);
    if ('ok' in e) throw new Error(e.detail);
    expect(e.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'person:sari', acknowledgedAt: 5, acknowledgedVia: 'email' });
    expect(foldAlertEvents([e]).get(base.id)?.acknowledgedVia).toBe('email');
  });

  it('says nothing of the way when none is given, and refuses a second acknowledgement', () => {
    const e = applyAlertAction(base, { alertId: base.id, action: 'acknowledge' }, 'sari', 5);
    if ('ok' in e) throw new Error(e.detail);
    expect(e.alert.acknowledgedVia).toBeUndefined();
    expect('ok' in applyAlertAction(e.alert, { alertId: base.id, action: 'acknowledge', via: 'console' }, 'budi', 6)).toBe(true);
  });
});

describe('the newest copy of an alert', () => {
  const ev = (type: AlertEvent['type'], alert: Alert): AlertEvent => ({ type, at: alert.updatedAt, by: 'x', alert });
  const worse: Alert = { ...base, level: 4, worsenedAt: 2_000, updatedAt: 2_000 };
  // Acknowledged on the web's copy from before the worsening, stamped on the web's clock after it: the ingest refuses it.
  const staleAck: Alert = { ...base, state: 'acknowledged', acknowledgedAt: 2_100, acknowledgedBy: 'ani', updatedAt: 2_100 };

  it('is told by the worsening version before the clock: an acknowledgement on the copy from before it does not win', () => {
    const folded = foldAlertEvents([ev('raised', base), ev('escalated', worse), ev('acknowledged', staleAck)]).get(base.id);
    expect(folded).toMatchObject({ state: 'raised', level: 4, worsenedAt: 2_000 });
    // Whatever the order they come in.
    expect(foldAlertEvents([ev('acknowledged', staleAck), ev('escalated', worse)]).get(base.id)?.state).toBe('raised');
    expect(newerCopy(staleAck, worse)).toBe(false);
    expect(newerCopy(worse, staleAck)).toBe(true);
  });

  it('an acknowledgement made on the worsened copy wins by its later updatedAt; a tie goes to the later in order', () => {
    const ack: Alert = { ...worse, state: 'acknowledged', acknowledgedAt: 2_100, updatedAt: 2_100 };
    expect(foldAlertEvents([ev('escalated', worse), ev('acknowledged', ack)]).get(base.id)?.state).toBe('acknowledged');
    expect(foldAlertEvents([ev('acknowledged', ack), ev('updated', { ...worse, updatedAt: 2_050 })]).get(base.id)?.state).toBe('acknowledged');
    expect(compareAlertCopies(ack, { ...ack, value: 1 })).toBe(0);
    expect(foldAlertEvents([ev('acknowledged', ack), ev('updated', { ...ack, value: 1 })]).get(base.id)?.value).toBe(1);
  });

  it('a version that is no number counts as none, so one damaged copy cannot freeze the alert', () => {
    const bad = { ...worse, worsenedAt: 'soon' } as unknown as Alert;
    const next: Alert = { ...worse, level: 4, worsenedAt: 3_000, updatedAt: 3_000 };
    expect(Math.sign(compareAlertCopies(next, bad))).toBe(-Math.sign(compareAlertCopies(bad, next)));
    expect(newerCopy(next, bad)).toBe(true);
    expect(isAlert(bad)).toBe(false);
  });

  it('a resolution is final: a person resolving the copy from before a worsening closes the alert (the ingest accepts it)', () => {
    const resolved: Alert = { ...base, state: 'resolved', resolvedAt: 2_100, updatedAt: 2_100 };
    expect(foldAlertEvents([ev('escalated', worse), ev('resolved', resolved)]).get(base.id)?.state).toBe('resolved');
    expect(foldAlertEvents([ev('resolved', resolved), ev('updated', { ...worse, updatedAt: 3_000 })]).get(base.id)?.state).toBe('resolved');
  });
});

describe('mergeAlertCopies: people\'s fields survive a worsening', () => {
  const ev = (type: AlertEvent['type'], alert: Alert): AlertEvent => ({ type, at: alert.updatedAt, by: 'x', alert });
  const act = (alert: Alert, action: Record<string, unknown>, by: string, at: number): AlertEvent => {
    const e = applyAlertAction(alert, { alertId: alert.id, ...action } as never, by, at);
    if ('ok' in e) throw new Error(e.detail);
    return e;
  };
  // The web's copy from before the worsening: assigned, commented, a step ticked, acknowledged (web clock 2_100..2_400).
  const assigned = act(base, { action: 'assign', assignee: 'Tim Damkar 3' }, 'op1', 2_100);
  const commented = act(assigned.alert, { action: 'comment', text: 'crew dispatched' }, 'op1', 2_200);
  const stepped = act(commented.alert, { action: 'step', stepId: 'flood.notify-bpbd', done: true }, 'op1', 2_300);
  const acked = act(stepped.alert, { action: 'acknowledge' }, 'op1', 2_400);
  // The ingest's worsening (its clock 2_000), from its copy without any of that.
  const worse: Alert = { ...base, level: 4, worsenedAt: 2_000, updatedAt: 2_000 };

  it('carries the assignee, comments and steps, not the acknowledgement, whichever copy comes first', () => {
    for (const order of [[assigned, commented, stepped, acked, ev('escalated', worse)], [ev('escalated', worse), assigned, commented, stepped, acked]]) {
      const a = foldAlertEvents([ev('raised', base), ...order]).get(base.id)!;
      expect(a).toMatchObject({ level: 4, worsenedAt: 2_000, state: 'raised', assignee: 'Tim Damkar 3' });
      expect(a.acknowledgedAt).toBeUndefined();
      expect(a.comments.map((c) => c.text)).toEqual(['crew dispatched']);
      expect(a.steps).toEqual([{ id: 'flood.notify-bpbd', done: true, by: 'op1', at: 2_300 }]);
    }
  });

  it('keeps the newer copy\'s own assignee, and each step\'s newest tick from either copy', () => {
    const held: Alert = { ...base, assignee: 'A', steps: [{ id: 's1', done: false, by: 'web', at: 50 }, { id: 's2', done: true, by: 'web', at: 10 }] };
    const next: Alert = { ...worse, assignee: 'B', steps: [{ id: 's1', done: true, by: 'ingest', at: 20 }, { id: 's2', done: false, by: 'ingest', at: 30 }] };
    const m = mergeAlertCopies(next, held);
    expect(m.assignee).toBe('B');
    expect(m.level).toBe(4);
    expect(new Map(m.steps!.map((s) => [s.id, s.done]))).toEqual(new Map([['s1', false], ['s2', false]]));
  });

  it('unions comments once each, oldest first, bounded like applyAlertAction', () => {
    const c = (at: number) => ({ by: 'op', at, text: `c${at}` });
    const held: Alert = { ...base, comments: [c(1), c(3)] };
    const next: Alert = { ...worse, comments: [c(1), c(2)] };
    expect(mergeAlertCopies(next, held).comments.map((x) => x.at)).toEqual([1, 2, 3]);
    const many: Alert = { ...base, comments: Array.from({ length: 100 }, (_, i) => c(i + 10)) };
    const merged = mergeAlertCopies({ ...worse, comments: [c(500)] }, many).comments;
    expect(merged).toHaveLength(100);
    expect(merged[merged.length - 1].at).toBe(500);
    const steps: Alert = { ...base, steps: Array.from({ length: MAX_ALERT_STEPS }, (_, i) => ({ id: `s${i}`, done: true, by: 'x', at: i })) };
    expect(mergeAlertCopies({ ...worse, steps: [{ id: 'new', done: true, by: 'y', at: 999 }] }, steps).steps).toHaveLength(MAX_ALERT_STEPS);
  });

  it('returns the newer copy itself when the other adds nothing', () => {
    const next: Alert = { ...worse, assignee: 'A', comments: [{ by: 'op', at: 1, text: 'x' }] };
    expect(mergeAlertCopies(next, base)).toBe(next);
    expect(mergeAlertCopies(base, next)).toBe(next);
    expect(mergeAlertCopies(next, undefined)).toBe(next);
  });
});

describe('mergeAlertCopies: an acknowledgement survives a silent update of the same version', () => {
  const ev = (type: AlertEvent['type'], alert: Alert): AlertEvent => ({ type, at: alert.updatedAt, by: 'x', alert });
  // A forecast warning at version 1_000 (its worsening); a person acknowledges it at 2_100 on the web's clock...
  const open: Alert = { ...base, worsenedAt: 1_000, updatedAt: 1_000 };
  const acked = applyAlertAction(open, { alertId: open.id, action: 'acknowledge', via: 'console', version: 1_000 }, 'person:sari', 2_100);
  if ('ok' in acked) throw new Error(acked.detail);
  // ...while the ingest, not yet holding it, re-tells the expected time (alert-refresh.ts), stamped later: no ack on it.
  const refresh: Alert = { ...open, title: { id: 't2', en: 'expected at 10:44' }, updatedAt: 2_200 };
  const ackFields = { state: 'acknowledged', acknowledgedAt: 2_100, acknowledgedBy: 'person:sari', acknowledgedVia: 'console' };

  it('carries the acknowledgement onto the newer copy, with the newer copy\'s texts, whichever comes first', () => {
    for (const m of [mergeAlertCopies(refresh, acked.alert), mergeAlertCopies(acked.alert, refresh)]) {
      expect(m).toMatchObject({ ...ackFields, title: refresh.title, updatedAt: 2_200, worsenedAt: 1_000 });
    }
    for (const order of [[acked, ev('updated', refresh)], [ev('updated', refresh), acked]]) {
      expect(foldAlertEvents([ev('raised', open), ...order]).get(open.id)).toMatchObject({ ...ackFields, title: refresh.title });
    }
    // a copy that never got worse has version none on both sides: the same version too
    const plain = { ...acked.alert, worsenedAt: undefined };
    expect(mergeAlertCopies({ ...refresh, worsenedAt: undefined }, plain).state).toBe('acknowledged');
  });

  it('not over a worsening: the acknowledgement was for the milder version, whatever the clocks say', () => {
    const worse: Alert = { ...open, level: 4, worsenedAt: 2_000, updatedAt: 2_000 };
    for (const m of [mergeAlertCopies(worse, acked.alert), mergeAlertCopies(acked.alert, worse)]) {
      expect(m).toBe(worse);
      expect(m.acknowledgedAt).toBeUndefined();
    }
    expect(foldAlertEvents([acked, ev('escalated', worse), ev('updated', { ...worse, updatedAt: 2_300 })]).get(open.id)?.state).toBe('raised');
  });

  it('a resolution stays final, and a newer copy acknowledged already keeps its own acknowledgement', () => {
    const resolved: Alert = { ...refresh, state: 'resolved', resolvedAt: 2_200, resolvedBy: 'pantau' };
    expect(mergeAlertCopies(resolved, acked.alert)).toBe(resolved);
    expect(mergeAlertCopies(acked.alert, resolved)).toBe(resolved);
    const other: Alert = { ...refresh, state: 'acknowledged', acknowledgedAt: 2_150, acknowledgedBy: 'person:budi' };
    expect(mergeAlertCopies(other, acked.alert)).toBe(other);
  });

  it('returns the newer copy itself when the older one is not acknowledged', () => {
    expect(mergeAlertCopies(refresh, open)).toBe(refresh);
    expect(mergeAlertCopies(open, refresh)).toBe(refresh);
  });
});
