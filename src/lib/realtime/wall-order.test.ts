import { describe, expect, it } from 'vitest';
import type { Alert } from '../core/alert';
import { openAlertsByUrgency } from './wall-order';

function mk(id: string, severity: Alert['severity'], raisedAt: number, extra: Partial<Alert> = {}): Alert {
  return {
    id, sensorId: id, sensorName: id, kind: 'traffic', district: 'd', rule: 'congestion', category: 'emergency', severity, level: 1,
    title: { id, en: id }, explanation: { id: '', en: '' }, action: { id: '', en: '' }, value: 1, state: 'raised', raisedAt,
    updatedAt: raisedAt, comments: [], ...extra
  };
}

describe('openAlertsByUrgency', () => {
  it('puts a new critical alert ahead of older info and warning ones, whatever the arrival order', () => {
    const alerts = [1, 2, 3, 4, 5, 6].map((i) => mk(`t${i}`, i % 2 ? 'info' : 'warning', 1000 - i));
    const order = openAlertsByUrgency([...alerts, mk('crit', 'critical', 2000)]).map((a) => a.id);
    expect(order.slice(0, 6)).toEqual(['crit', 't2', 't4', 't6', 't1', 't3']);
  });

  it('within a severity, a re-opened (worsened) alert counts from its worsening, and resolved ones are left out', () => {
    const alerts = [mk('old', 'critical', 100, { worsenedAt: 5000 }), mk('new', 'critical', 3000), mk('done', 'critical', 9000, { state: 'resolved' })];
    expect(openAlertsByUrgency(alerts).map((a) => a.id)).toEqual(['old', 'new']);
  });
});
