import { describe, it, expect } from 'vitest';
import { applyAlertEvents, compareAlerts, mergeReadings, pruneAlerts, MAX_ALERTS, MAX_SENSORS, RESOLVED_KEEP_MS } from './merge';
import type { Alert, AlertEvent } from '../core/alert';
import type { LiveReading } from '../core/reading';
import { stateAtSeverity } from '../core/state-fixtures';

const NOW = 1_800_000_000_000;
function r(sensorId: string, ts: number, severity = 0): LiveReading {
  return { sensorId, kind: 'flood', district: 'd', ts, severity, state: stateAtSeverity('flood', severity), values: { water_level: ts % 1000 } };
}
function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id, sensorId: 's1', sensorName: 'S1', kind: 'flood', district: 'd', rule: 'flood_level', category: 'emergency',
    severity: 'warning', level: 1, title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' }, action: { id: 'a', en: 'a' },
    value: 1, state: 'raised', raisedAt: NOW - 1000, updatedAt: NOW - 1000, comments: [], ...over
  };
}
function ev(a: Alert): AlertEvent {
  return { type: 'updated', at: a.updatedAt, by: 'system', alert: a };
}

describe('mergeReadings', () => {
  it('keeps the newest reading per sensor across batches, in any order', () => {
    const merged = mergeReadings(new Map([['a', r('a', 100)]]), [[r('a', 300), r('b', 50)], [r('a', 200)]]);
    expect(merged.get('a')?.ts).toBe(300);
    expect(merged.get('b')?.ts).toBe(50);
  });

  it('never stops taking new sensors: past MAX_SENSORS the one updated least recently goes', () => {
    // a wall up for weeks without a snapshot: ids the server has long forgotten fill it, then a sensor is added
    let held: ReadonlyMap<string, LiveReading> = mergeReadings(new Map(), [Array.from({ length: MAX_SENSORS }, (_, i) => r(`gone${i}`, 100))]);
    held = mergeReadings(held, [[r('gone0', 200)]]);
    for (let day = 0; day < 3; day++) held = mergeReadings(held, [[r(`added${day}`, 300 + day)]]);
    expect(held.size).toBe(MAX_SENSORS);
    expect(['added0', 'added1', 'added2', 'gone0'].map((id) => held.has(id))).toEqual([true, true, true, true]);
    // gone0 was updated after the others, so gone1..gone3 made the room
    expect(['gone1', 'gone2', 'gone3', 'gone4'].map((id) => held.has(id))).toEqual([false, false, false, true]);
  });

  it('does not change the map it was given', () => {
    const current = new Map([['a', r('a', 100)]]);
    mergeReadings(current, [[r('a', 200)]]);
    expect(current.get('a')?.ts).toBe(100);
  });
});

describe('applyAlertEvents', () => {
  it('lets the newer version of an alert win', () => {
    const newer = alert('x', { updatedAt: NOW, state: 'acknowledged' });
    const older = alert('x', { updatedAt: NOW - 500 });
    const out = applyAlertEvents(new Map(), [ev(newer), ev(older)], NOW);
    expect(out.get('x')?.state).toBe('acknowledged');
  });

  it('a worsening wins over an acknowledgement made on the copy from before it, though that is stamped later', () => {
    const staleAck = alert('x', { updatedAt: NOW, state: 'acknowledged', acknowledgedAt: NOW });
    const worse = alert('x', { updatedAt: NOW - 500, level: 3, worsenedAt: NOW - 500 });
    const out = applyAlertEvents(new Map(), [ev(staleAck), ev(worse)], NOW);
    expect(out.get('x')).toMatchObject({ state: 'raised', level: 3 });
  });

  it('keeps the assignee, comments and steps set on the copy from before a worsening, not its acknowledgement', () => {
    const mine = alert('x', {
      updatedAt: NOW, state: 'acknowledged', acknowledgedAt: NOW, assignee: 'Tim Damkar 3',
      comments: [{ by: 'op1', at: NOW, text: 'crew dispatched' }], steps: [{ id: 'flood.notify-bpbd', done: true, by: 'op1', at: NOW }]
    });
    const worse = alert('x', { updatedAt: NOW - 500, level: 3, worsenedAt: NOW - 500 });
    for (const events of [[mine, worse], [worse, mine]]) {
      const out = applyAlertEvents(new Map(), events.map(ev), NOW).get('x')!;
      expect(out).toMatchObject({ state: 'raised', level: 3, assignee: 'Tim Damkar 3' });
      expect(out.acknowledgedAt).toBeUndefined();
      expect(out.comments).toHaveLength(1);
      expect(out.steps?.[0].id).toBe('flood.notify-bpbd');
    }
  });

  it('drops resolved alerts after the keep window but never open ones', () => {
    const oldResolved = alert('r', { state: 'resolved', resolvedAt: NOW - RESOLVED_KEEP_MS - 1 });
    const oldOpen = alert('o', { raisedAt: 0, updatedAt: 0 });
    const out = applyAlertEvents(new Map(), [ev(oldResolved), ev(oldOpen)], NOW);
    expect([...out.keys()]).toEqual(['o']);
  });

  it('bounds the map, evicting resolved alerts before open ones', () => {
    const m = new Map<string, Alert>();
    for (let i = 0; i < MAX_ALERTS; i++) m.set(`o${i}`, alert(`o${i}`, { updatedAt: i }));
    m.set('res', alert('res', { state: 'resolved', resolvedAt: NOW, updatedAt: NOW }));
    const out = pruneAlerts(m, NOW);
    expect(out.size).toBe(MAX_ALERTS);
    expect(out.has('res')).toBe(false);
    expect(out.has('o0')).toBe(true);
  });
});

describe('compareAlerts', () => {
  it('orders open before resolved, critical before warning, newest first', () => {
    const list = [
      alert('resolved-crit', { severity: 'critical', state: 'resolved' }),
      alert('warn-new', { raisedAt: NOW }),
      alert('crit', { severity: 'critical' }),
      alert('warn-old', { raisedAt: NOW - 5000 })
    ].sort(compareAlerts);
    expect(list.map((a) => a.id)).toEqual(['crit', 'warn-new', 'warn-old', 'resolved-crit']);
  });
});
