import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { createSiblingAlerts } from './sibling-alerts';

const ev = (type: AlertEvent['type'], alert: Alert, by = 'pantau'): AlertEvent => ({ type, at: alert.updatedAt, by, alert });
const acked = (a: Alert, at: number): Alert => ({ ...a, state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: 'budi', assignee: 'budi', updatedAt: at });

describe('sibling alerts: other workers open alerts, kept for a sensor handed here', () => {
  it('holds the latest copy with what people did, whichever of the two came last, and hands it out once', () => {
    const s = createSiblingAlerts();
    const raised = testAlert('a1', 100);
    s.offer(ev('raised', raised));
    s.offer(ev('acknowledged', acked(raised, 110), 'budi'));
    // the worker's update made before it merged the acknowledgement does not take it back
    s.offer(ev('updated', { ...raised, value: 215, updatedAt: 105 }));
    const [held] = s.take('flood-01');
    expect([held.id, held.value, held.state, held.assignee]).toEqual(['a1', 215, 'acknowledged', 'budi']);
    expect([s.take('flood-01'), s.size()]).toEqual([[], 0]);
  });

  it('forgets an alert once resolved (by its worker or a person), not on another alert id', () => {
    const s = createSiblingAlerts();
    s.offer(ev('raised', testAlert('a1', 100)));
    s.offer(ev('resolved', testAlert('other', 120, 'resolved'), 'budi'));
    expect(s.size()).toBe(1);
    s.offer(ev('resolved', testAlert('a1', 130, 'resolved'), 'budi'));
    expect([s.size(), s.take('flood-01')]).toEqual([0, []]);
  });

  it('never starts from a person action, and of two raised copies for one sensor and rule keeps the first raised, as the fold does', () => {
    const s = createSiblingAlerts();
    s.offer(ev('acknowledged', acked(testAlert('forged', 100), 100), 'budi'));
    expect(s.size()).toBe(0);
    s.offer(ev('raised', { ...testAlert('new', 200), raisedAt: 200 }));
    s.offer(ev('raised', { ...testAlert('old', 50), raisedAt: 50 }));
    s.offer(ev('raised', { ...testAlert('newer', 300), raisedAt: 300 }));
    expect(s.take('flood-01').map((a) => a.id)).toEqual(['old']);
  });

  it("follows the owner's fold: its update of the older alert makes it the held one, and the newer's merged close leaves it", () => {
    const s = createSiblingAlerts();
    const fresh = { ...testAlert('a2', 200), raisedAt: 200 };
    s.offer(ev('raised', fresh)); // raised again by the owner while its restore was slow
    const kept = { ...acked({ ...testAlert('a1', 50), raisedAt: 50 }, 60), value: 230, updatedAt: 210 };
    s.offer(ev('updated', kept));
    s.offer(ev('resolved', { ...fresh, state: 'resolved', resolvedAt: 210, updatedAt: 210, mergedInto: 'a1' }));
    // was: the newer a2 kept, a1's update ignored, then a2's close left nothing to hand over
    expect(s.take('flood-01').map((a) => [a.id, a.value, a.acknowledgedBy])).toEqual([['a1', 230, 'budi']]);
  });

  it('keeps the newer raised copy as a standby: a person resolving the older leaves it to hand over, as its owner goes on with it', () => {
    const s = createSiblingAlerts();
    s.offer(ev('raised', { ...testAlert('K', 50), raisedAt: 50 }));
    s.offer(ev('raised', { ...testAlert('F', 200), raisedAt: 200 })); // the owner restarted and raised F before its late restore
    s.offer(ev('acknowledged', { ...acked({ ...testAlert('F', 200), raisedAt: 200 }, 220) }, 'budi'));
    s.offer(ev('resolved', { ...testAlert('K', 250, 'resolved'), raisedAt: 50 }, 'budi')); // the owner does not fold F then
    expect(s.size()).toBe(1);
    // was []: F, still open on its owner, was dropped when K came
    expect(s.take('flood-01').map((a) => [a.id, a.acknowledgedBy])).toEqual([['F', 'budi']]);
    expect(s.size()).toBe(0);
  });

  it("forgets the standby at its own close (the owner's fold), and at a take, so none outlives its key", () => {
    const s = createSiblingAlerts();
    const fresh = { ...testAlert('F', 200), raisedAt: 200 };
    s.offer(ev('raised', { ...testAlert('K', 50), raisedAt: 50 }));
    s.offer(ev('raised', fresh));
    s.offer(ev('resolved', { ...fresh, state: 'resolved', resolvedAt: 210, updatedAt: 210, mergedInto: 'K' }));
    s.offer(ev('resolved', { ...testAlert('K', 250, 'resolved'), raisedAt: 50 }, 'budi'));
    expect([s.size(), s.take('flood-01')]).toEqual([0, []]);
    s.offer(ev('raised', { ...testAlert('K2', 300), raisedAt: 300 }));
    s.offer(ev('raised', { ...testAlert('F2', 400), raisedAt: 400 }));
    expect(s.take('flood-01').map((a) => a.id)).toEqual(['K2']);
    s.offer(ev('resolved', { ...testAlert('K2', 450, 'resolved'), raisedAt: 300 }, 'budi'));
    expect(s.take('flood-01')).toEqual([]);
  });

  it("the owner's update of the standby makes it the held one, the other its standby", () => {
    const s = createSiblingAlerts();
    s.offer(ev('raised', { ...testAlert('K', 50), raisedAt: 50 }));
    s.offer(ev('raised', { ...testAlert('F', 200), raisedAt: 200 }));
    s.offer(ev('updated', { ...testAlert('F', 260), raisedAt: 200, value: 240 }));
    s.offer(ev('resolved', { ...testAlert('F', 270, 'resolved'), raisedAt: 200 }, 'budi'));
    expect(s.take('flood-01').map((a) => a.id)).toEqual(['K']);
  });

  it("keeps the held copy's detector fields over a restore's older copy of the same alert", () => {
    const s = createSiblingAlerts();
    const a = testAlert('a1', 100);
    s.offer(ev('escalated', { ...a, severity: 'critical', updatedAt: 150 }));
    s.offer(ev('raised', acked(a, 120)));
    expect(s.take('flood-01').map((x) => [x.severity, x.state])).toEqual([['critical', 'acknowledged']]);
  });

  it('refuses an open copy of an alert it saw closed: a late restore read before the close', () => {
    const s = createSiblingAlerts();
    const a = testAlert('a1', 100);
    s.offer(ev('raised', a));
    s.offer(ev('resolved', { ...a, state: 'resolved', resolvedAt: 130, updatedAt: 130 }, 'budi'));
    s.offer(ev('raised', a));
    s.offer(ev('updated', { ...a, updatedAt: 140 }));
    expect([s.size(), s.take('flood-01')]).toEqual([0, []]);
  });

  it('remembers at most as many closed ids as it holds alerts, the oldest forgotten first', () => {
    const s = createSiblingAlerts(2);
    for (const id of ['c1', 'c2', 'c3']) s.offer(ev('resolved', testAlert(id, 100, 'resolved')));
    s.offer(ev('raised', testAlert('c1', 90)));
    s.offer(ev('raised', { ...testAlert('c2', 90), rule: 'sensor_silent' }));
    expect(s.take('flood-01').map((a) => a.id)).toEqual(['c1']);
  });

  it('stays bounded: full, it lets go of the alert told of least recently, never refuses a new one', () => {
    const s = createSiblingAlerts(2);
    const on = (sensorId: string, at: number) => ({ ...testAlert(`${sensorId}:a`, at), sensorId });
    s.offer(ev('raised', on('g1', 100)));
    s.offer(ev('raised', on('g2', 110)));
    s.offer(ev('escalated', { ...on('g1', 150), severity: 'critical' })); // g1 told again: g2 is the least recent
    s.offer(ev('raised', on('g3', 160)));
    expect(s.size()).toBe(2);
    expect([s.take('g1').map((a) => a.severity), s.take('g2'), s.take('g3').map((a) => a.id)]).toEqual([['critical'], [], ['g3:a']]);
  });

  it('lets a standby go with the alert it stands by for, so a full table holds at most two per key it holds', () => {
    const s = createSiblingAlerts(2);
    const on = (sensorId: string, id: string, at: number) => ({ ...testAlert(id, at), sensorId, raisedAt: at });
    s.offer(ev('raised', on('g1', 'K', 100)));
    s.offer(ev('raised', on('g1', 'F', 110)));
    expect(s.size()).toBe(2);
    s.offer(ev('raised', on('g2', 'a', 120)));
    s.offer(ev('raised', on('g3', 'b', 130))); // g1 told of least recently: K goes, and F with it
    expect(s.size()).toBe(2);
    s.offer(ev('resolved', { ...on('g1', 'K', 140), state: 'resolved' }, 'budi'));
    expect([s.take('g1'), s.size()]).toEqual([[], 2]);
  });
});
