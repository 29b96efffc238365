import { describe, it, expect } from 'vitest';
import type { Alert } from './alert';
import { applyAlertAction, foldAlertEvents, MAX_ALERT_STEPS } from './alert-lifecycle';

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
