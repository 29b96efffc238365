import { describe, expect, it } from 'vitest';
import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { stateAtSeverity } from '../core/state-fixtures';
import { kindFreshness } from './kiosk-freshness';
import { foldHeard } from './newest';

const T = Date.UTC(2026, 11, 7, 2, 0);
const sensors: Sensor[] = [
  { id: 'f1', kind: 'flood', name: 'F1', district: 'd', lat: 0, lon: 0, intervalS: 60 },
  { id: 'f2', kind: 'flood', name: 'F2', district: 'd', lat: 0, lon: 0, intervalS: 60 },
  { id: 'a1', kind: 'air', name: 'A1', district: 'd', lat: 0, lon: 0, intervalS: 60 }
];
const flood = (sensorId: string, ts: number, severity: number): LiveReading => ({
  sensorId, kind: 'flood', district: 'd', ts, severity, state: stateAtSeverity('flood', severity), values: { water_level: 100 }
});

describe('kindFreshness', () => {
  it('shows the worst live severity per kind, and no data for a kind never heard', () => {
    const batch = [flood('f1', T - 10_000, 1), flood('f2', T - 20_000, 3)];
    const [f, a, t] = kindFreshness(sensors, new Map(batch.map((r) => [r.sensorId, r])), foldHeard(new Map(), batch, T), T);
    expect(f).toEqual({ kind: 'flood', newest: T - 10_000, stale: false, worst: 3 });
    expect([a.stale, a.newest, t.kind]).toEqual([true, 0, 'traffic']);
  });

  it('calls a kind stale once its feed stopped, though a fast device clock dated its last reading minutes ahead', () => {
    const batch = [flood('f1', T + 270_000, 2)]; // 4.5 min ahead, accepted; then the feed stops at T
    const readings = new Map(batch.map((r) => [r.sensorId, r]));
    const newest = foldHeard(new Map(), batch, T);
    expect(kindFreshness(sensors, readings, newest, T + 60_000)[0].stale).toBe(false);
    expect(kindFreshness(sensors, readings, newest, T + 181_000)[0]).toMatchObject({ stale: true, newest: T, worst: -1 });
  });

  it('calls the flood panel stale while its gauges are silent, though an id outside the catalog still sends', () => {
    const last = [flood('f1', T - 300_000, 1), flood('f2', T - 300_000, 1)]; // the catalog's gauges, 5 min ago
    const stranger = flood('not-in-catalog', T - 5_000, 3); // forwarded by the server (its unknown-sensor cap)
    const batch = [...last, stranger];
    const [f] = kindFreshness(sensors, new Map(batch.map((r) => [r.sensorId, r])), foldHeard(new Map(), batch, T), T);
    expect(f).toEqual({ kind: 'flood', newest: T - 300_000, stale: true, worst: -1 });
  });
});
