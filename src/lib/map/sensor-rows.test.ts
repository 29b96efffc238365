import { describe, it, expect } from 'vitest';
import { selectSensorRows } from './sensor-rows';
import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { stateAtSeverity } from '../core/state-fixtures';

const NOW = Date.UTC(2026, 10, 28, 6, 0, 0);

function sensor(i: number, kind: Sensor['kind'] = 'traffic', district = 'Samarinda Kota'): Sensor {
  return { id: `${kind}-${i}`, kind, name: `Jalan ${String(i).padStart(5, '0')}`, district, lat: -0.5, lon: 117.1 + i * 1e-4, intervalS: 60 };
}
function reading(s: Sensor, severity: number, ts = NOW - 5_000): LiveReading {
  return { sensorId: s.id, kind: s.kind, district: s.district, ts, severity, state: stateAtSeverity(s.kind, severity), values: { speed: 30, flow: 900, occupancy: 10 } };
}

describe('selectSensorRows', () => {
  const city = Array.from({ length: 10_000 }, (_, i) => sensor(i));
  const readings = new Map(city.map((s, i) => [s.id, reading(s, i % 97 === 0 ? 2 : 0)]));
  readings.set(city[4321].id, reading(city[4321], 3));
  // Was the worst, but its last reading is too old to show: it must not outrank live states.
  readings.set(city[7].id, reading(city[7], 4, NOW - 10 * 60_000));

  it('lists at most the limit, worst shown state first, out of every sensor', () => {
    const { rows, matched } = selectSensorRows(city, readings, NOW, 'id');
    expect(matched).toBe(10_000);
    expect(rows).toHaveLength(50);
    expect(rows[0].id).toBe(city[4321].id);
    expect(rows[1].shown).toBe(2);
    const shown = rows.map((r) => r.shown);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(rows.some((r) => r.id === city[7].id)).toBe(false);
  });

  it('finds any one sensor by id, name or district words, whatever its state', () => {
    const byId = selectSensorRows(city, readings, NOW, 'en', 'traffic-9876');
    expect(byId.rows.map((r) => r.id)).toEqual(['traffic-9876']);
    expect(byId.rows[0].label).not.toBe('');
    expect(selectSensorRows(city, readings, NOW, 'id', 'JALAN 00012').rows.map((r) => r.id)).toEqual(['traffic-12']);
    const other = [...city, sensor(1, 'flood', 'Sungai Kunjang')];
    const flood = selectSensorRows(other, readings, NOW, 'id', 'kunjang  flood');
    expect(flood).toMatchObject({ matched: 1, rows: [{ id: 'flood-1', shown: -1, stale: true }] });
  });

  it('returns no rows when nothing matches', () => {
    expect(selectSensorRows(city, readings, NOW, 'id', 'no such sensor')).toEqual({ rows: [], matched: 0 });
  });
});
