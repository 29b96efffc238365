import { describe, it, expect } from 'vitest';
import type { Alert } from '../core/alert';
import { sensorAlerts } from './sensor-alerts';

function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id, sensorId: 's1', sensorName: 'S1', kind: 'flood', district: 'd', rule: 'flood_level', category: 'emergency',
    severity: 'warning', level: 1, title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' }, action: { id: 'a', en: 'a' },
    value: 1, state: 'raised', raisedAt: 1_000, updatedAt: 1_000, comments: [], ...over
  };
}

describe('sensorAlerts', () => {
  it('a live worsened copy beats a history acknowledgement made on the copy from before it, though stamped later', () => {
    // The history's range starts after the worsening: it holds only the refused acknowledgement.
    const staleAck = alert('a', { state: 'acknowledged', acknowledgedAt: 50_200, acknowledgedBy: 'op1', assignee: 'Tim', updatedAt: 50_200 });
    const worse = alert('a', { level: 3, worsenedAt: 50_000, updatedAt: 50_000 });
    const [shown] = sensorAlerts('s1', [staleAck], [worse]);
    expect(shown).toMatchObject({ state: 'raised', level: 3, assignee: 'Tim' });
    expect(shown.acknowledgedAt).toBeUndefined();
  });

  it('a history acknowledgement stands on a live silent update of its version stamped after it (the ingest had not merged it)', () => {
    const ack = alert('a', { state: 'acknowledged', acknowledgedAt: 50_200, acknowledgedBy: 'op1', worsenedAt: 50_000, updatedAt: 50_200 });
    const refresh = alert('a', { title: { id: 't2', en: 't2' }, worsenedAt: 50_000, updatedAt: 50_300 });
    for (const [history, live] of [[[ack], [refresh]], [[refresh], [ack]]]) {
      expect(sensorAlerts('s1', history, live)[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'op1', title: { en: 't2' }, updatedAt: 50_300 });
    }
  });

  it('lists each id once, the newer copy of an alert, only this sensor\'s live alerts, newest raised first', () => {
    const older = alert('a', { updatedAt: 1_000 });
    const newer = alert('a', { state: 'acknowledged', acknowledgedAt: 2_000, updatedAt: 2_000 });
    const other = alert('b', { raisedAt: 3_000, updatedAt: 3_000 });
    const elsewhere = alert('c', { sensorId: 's2', raisedAt: 4_000 });
    const out = sensorAlerts('s1', [newer, other], [older, elsewhere]);
    expect(out.map((a) => [a.id, a.state])).toEqual([['b', 'raised'], ['a', 'acknowledged']]);
  });
});
