import { describe, expect, it } from 'vitest';
import type { Alert } from '$lib/core/alert';
import { chooseAlertSource } from './alert-source';

function mk(id: string): Alert {
  return {
    id, sensorId: id, sensorName: id, kind: 'flood', district: 'd', rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3,
    title: { id, en: id }, explanation: { id: '', en: '' }, action: { id: '', en: '' }, value: 1, state: 'raised', raisedAt: 1, updatedAt: 1, comments: []
  };
}

describe('chooseAlertSource', () => {
  const live = [mk('old'), mk('new')];
  const kept = { alerts: [mk('old')], at: 1_000 };

  it('shows the live alerts, with no "as of", while connected', () => {
    expect(chooseAlertSource(true, live, 5_000, kept)).toEqual({ alerts: live, asOf: null });
  });

  it('after a drop keeps the live alerts when they are newer than the kept copy, and says as of when', () => {
    const shown = chooseAlertSource(false, live, 5_000, kept);
    expect(shown.alerts.map((a) => a.id)).toEqual(['old', 'new']);
    expect(shown.asOf).toBe(5_000);
  });

  it('uses the kept copy when it is newer, or when the live state never had a snapshot', () => {
    expect(chooseAlertSource(false, live, 500, kept)).toEqual({ alerts: kept.alerts, asOf: 1_000 });
    expect(chooseAlertSource(false, [], 0, kept)).toEqual({ alerts: kept.alerts, asOf: 1_000 });
    expect(chooseAlertSource(true, [], 0, kept)).toEqual({ alerts: kept.alerts, asOf: 1_000 });
    expect(chooseAlertSource(false, [], 0, null)).toEqual({ alerts: [], asOf: null });
  });
});
