import { describe, it, expect } from 'vitest';
import { computeHeadline } from './headline';
import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import type { Alert } from '../core/alert';
import { createLiveReading } from '../core/live-reading';
import type { AirIndex } from '../core/reading-state';
import { stateAtSeverity } from '../core/state-fixtures';

const NOW = 1_800_000_000_000;
function alert(id: string, over: Partial<Alert> = {}): Alert {
  return { id, severity: 'warning', state: 'raised', ...over } as Alert;
}
const t = { siaga3: 150, siaga2: 200, siaga1: 250 };
const sensors: Sensor[] = [
  { id: 'g1', kind: 'flood', name: 'G1', district: 'd', lat: 0, lon: 0, intervalS: 60, flood: t },
  { id: 'g2', kind: 'flood', name: 'G2', district: 'd', lat: 0, lon: 0, intervalS: 60, flood: t },
  { id: 'g3', kind: 'flood', name: 'G3 stale', district: 'd', lat: 0, lon: 0, intervalS: 60, flood: t },
  { id: 'a1', kind: 'air', name: 'A1', district: 'd', lat: 0, lon: 0, intervalS: 60 },
  { id: 'a2', kind: 'air', name: 'A2', district: 'd', lat: 0, lon: 0, intervalS: 60 },
  { id: 't1', kind: 'traffic', name: 'T1', district: 'd', lat: 0, lon: 0, intervalS: 30 },
  { id: 't2', kind: 'traffic', name: 'T2', district: 'd', lat: 0, lon: 0, intervalS: 30 },
  { id: 't3', kind: 'traffic', name: 'T3', district: 'd', lat: 0, lon: 0, intervalS: 30 }
];
/** Roads have no profile here: their state is set by severity. */
function r(sensorId: string, values: Record<string, number>, severity = 0, ts = NOW - 5_000, hourly?: AirIndex): LiveReading {
  const s = sensors.find((x) => x.id === sensorId)!;
  const live = createLiveReading(s, { sensorId, kind: s.kind, ts, values }, hourly);
  return s.kind === 'traffic' ? { ...live, severity, state: stateAtSeverity('traffic', severity) } : live;
}

describe('computeHeadline', () => {
  const readings = new Map(
    [
      r('g1', { water_level: 190 }, 1),
      r('g2', { water_level: 170 }, 1),
      r('g3', { water_level: 400 }, 3, NOW - 3_600_000),
      r('a1', { pm25: 60, pm10: 40 }),
      r('a2', { pm25: 10 }),
      r('t1', {}, 2),
      r('t2', {}, 3)
    ].map((x) => [x.sensorId, x])
  );
  const h = computeHeadline(sensors, readings, [alert('c', { severity: 'critical' }), alert('w'), alert('x', { state: 'resolved' })], NOW);

  it('picks the fresh gauge closest to its next threshold, ignoring a stale higher one', () => {
    expect(h.flood?.sensor.id).toBe('g1');
    expect(h.flood?.level?.siaga).toBe(3);
    expect(h.flood?.toNext).toEqual({ siaga: 2, cm: 10 });
  });

  it('picks the worst ISPU with its dominant pollutant', () => {
    expect(h.air?.sensor.id).toBe('a1');
    expect(h.air?.state).toMatchObject({ pollutant: 'pm25', category: 'tidak-sehat' });
    expect(h.air?.severity).toBe(2);
  });

  it("shows an air sensor's hourly index, the one its dot shows, not its last reading's", () => {
    // Last reading alone: PM2.5 200 µg/m³, ISPU 250 (Sangat Tidak Sehat); the hour: ISPU 80 (Sedang).
    const air = new Map([['a1', r('a1', { pm25: 200 }, 0, NOW - 5_000, { value: 80, pollutant: 'pm25' })]]);
    const tile = computeHeadline(sensors, air, [], NOW).air;
    expect(tile?.state).toEqual({ kind: 'air', category: 'sedang', ispu: 80, pollutant: 'pm25', window: 'hourly' });
    expect(tile?.severity).toBe(1);
  });

  it('counts heavy and jammed approaches and open alerts by severity', () => {
    expect(h.traffic).toEqual({ heavy: 1, jammed: 1, total: 3 });
    expect(h.alerts).toEqual({ info: 0, warning: 1, critical: 1 });
  });
});
