import { describe, expect, it } from 'vitest';
import type { Alert } from './alert';
import { ACTION_REFUSALS, applyAlertAction } from './alert-lifecycle';

const base: Alert = {
  id: 'a', sensorId: 's', sensorName: 'S', kind: 'flood', district: 'D', rule: 'flood_level', category: 'emergency', severity: 'critical',
  level: 2, title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' }, action: { id: 'a', en: 'a' }, value: 210, state: 'raised',
  raisedAt: 1_000, updatedAt: 5_000, worsenedAt: 5_000, comments: []
};

describe('an acknowledgement names the version of the copy it was made on', () => {
  it('older than the held copy (the worsening not shown yet): refused as stale, with its own code', () => {
    expect(applyAlertAction(base, { alertId: 'a', action: 'acknowledge', version: 0 }, 'siti', 6_000)).toMatchObject({ ok: false, detail: ACTION_REFUSALS.worsened });
    expect(applyAlertAction(base, { alertId: 'a', action: 'acknowledge', version: 4_999 }, 'siti', 6_000)).toMatchObject({ ok: false, detail: ACTION_REFUSALS.worsened });
  });

  it('the held copy itself, or no version named (a link, an older client): taken', () => {
    for (const version of [5_000, undefined]) {
      const e = applyAlertAction(base, { alertId: 'a', action: 'acknowledge', version }, 'siti', 6_000);
      expect('type' in e && e.alert.state).toBe('acknowledged');
    }
    const never = { ...base, worsenedAt: undefined };
    const e = applyAlertAction(never, { alertId: 'a', action: 'acknowledge', version: 0 }, 'siti', 6_000);
    expect('type' in e && e.alert.state).toBe('acknowledged');
  });
});
