import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../core/alert';
import { buildEpisodes, raisedIn } from './episodes';

const T0 = Date.parse('2026-11-28T13:45:30.250Z');
const keptId = `flood-gunung-lingai:flood_level:${T0 - 3_600_000}`;
function makeAlert(over: Partial<Alert> = {}): Alert {
  return {
    id: `flood-gunung-lingai:flood_level:${T0}`, sensorId: 'flood-gunung-lingai', sensorName: 'Pos TMA Gunung Lingai', kind: 'flood',
    district: 'Sungai Pinang', rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3,
    title: { id: 'Siaga 1', en: 'Level 1' }, explanation: { id: 'x', en: 'x' }, action: { id: 'y', en: 'y' },
    value: 285, state: 'raised', raisedAt: T0, updatedAt: T0, comments: [], ...over
  };
}

describe('episodes', () => {
  it('an alert merged into another is not an episode of its own; the kept alert is', () => {
    const kept = makeAlert({ id: keptId, raisedAt: T0 - 3_600_000, updatedAt: T0 - 3_600_000 });
    const fresh = makeAlert();
    const closed = { ...fresh, state: 'resolved' as const, resolvedAt: T0 + 120_000, resolvedBy: 'pantau', updatedAt: T0 + 120_000 };
    const events = (last: Alert): AlertEvent[] => [
      { type: 'raised', at: kept.raisedAt, by: 'pantau', alert: kept },
      { type: 'raised', at: T0, by: 'pantau', alert: fresh },
      { type: 'updated', at: T0 + 120_000, by: 'pantau', alert: { ...kept, updatedAt: T0 + 120_000 } },
      { type: 'resolved', at: T0 + 120_000, by: 'pantau', alert: last }
    ];
    const ids = (evs: AlertEvent[]) => raisedIn(buildEpisodes(evs, T0 + 3_600_000), T0 - 7_200_000, T0 + 3_600_000).map((e) => e.alert.id);
    expect(ids(events({ ...closed, mergedInto: keptId }))).toEqual([keptId]);
    // resolved plainly, it stays an episode (ended) of its own
    expect(ids(events(closed)).sort()).toEqual([keptId, fresh.id].sort());
  });
});
