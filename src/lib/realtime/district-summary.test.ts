import { describe, it, expect } from 'vitest';
import type { Catalog } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import type { Alert } from '../core/alert';
import { summarizeDistricts } from './district-summary';
import { stateAtSeverity } from '../core/state-fixtures';

const catalog: Catalog = {
  city: 'S',
  districts: [
    { code: '1', name: 'Sungai Pinang', lat: 0, lon: 0 },
    { code: '2', name: 'Palaran', lat: 0, lon: 0 }
  ],
  sensors: [
    { id: 'f1', kind: 'flood', name: 'F1', district: 'Sungai Pinang', lat: 0, lon: 0, intervalS: 60 },
    { id: 'f2', kind: 'flood', name: 'F2', district: 'Sungai Pinang', lat: 0, lon: 0, intervalS: 60 },
    { id: 'a1', kind: 'air', name: 'A1', district: 'Palaran', lat: 0, lon: 0, intervalS: 60 }
  ]
};
const reading = (sensorId: string, severity: number, ts: number): LiveReading => ({ sensorId, kind: 'flood', ts, values: {}, district: '', severity, state: stateAtSeverity('flood', severity) });

describe('summarizeDistricts', () => {
  it('takes the worst live reading per kind, ignores stale ones, and lists open alerts', () => {
    const now = 1_000_000;
    const readings = new Map([
      ['f1', reading('f1', 1, now - 1000)],
      ['f2', reading('f2', 3, now - 3_600_000)], // stale: must not count as Siaga 1
      ['a1', reading('a1', 2, now - 1000)]
    ]);
    const open = { id: 'x', district: 'Palaran', state: 'raised', raisedAt: 5 } as Alert;
    const closed = { id: 'y', district: 'Palaran', state: 'resolved', raisedAt: 6 } as Alert;
    const [first, second] = summarizeDistricts(catalog, readings, [open, closed], now);
    expect(first.name).toBe('Palaran');
    expect(first.worst).toEqual({ air: 2 });
    expect(first.openAlerts.map((a) => a.id)).toEqual(['x']);
    expect(second.worst).toEqual({ flood: 1 });
    expect(second.overall).toBe(1);
  });
});
