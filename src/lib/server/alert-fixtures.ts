/** Test fixtures for the alert store and its catch-up (imported by their tests only). */
import type { Alert, AlertEvent } from '../core/alert';

/** A flood alert with the given id, update time and state (resolved ones carry resolvedAt). */
export function testAlert(id: string, updatedAt: number, state: Alert['state'] = 'raised'): Alert {
  return {
    id, sensorId: 'flood-01', sensorName: 'Gauge 1', kind: 'flood', district: 'Samarinda Ulu', rule: 'flood_level',
    category: 'emergency', severity: 'warning', level: 1, title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' },
    action: { id: 'a', en: 'a' }, value: 210, state, raisedAt: 1, updatedAt, comments: [],
    ...(state === 'resolved' ? { resolvedAt: updatedAt } : {})
  };
}

export const testEvent = (type: AlertEvent['type'], a: Alert): AlertEvent => ({ type, at: a.updatedAt, by: 'x', alert: a });
