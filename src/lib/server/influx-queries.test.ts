import { describe, it, expect } from 'vitest';
import type { Sensor } from '../core/sensor';
import { buildHistoryQuery, buildHourlyAirMeansQuery, buildSensorAlertsQuery, clampInt, HISTORY_HOURS, HISTORY_MAX_POINTS } from './influx-queries';
import { formatAlertEventLine } from './influx';

const sensor: Sensor = { id: 'tr-01', kind: 'traffic', name: 'T', district: 'Samarinda Kota', lat: -0.5, lon: 117.1, intervalS: 60 };

describe('query building', () => {
  it('refuses ids that would escape the string literal', () => {
    expect(() => buildHistoryQuery({ ...sensor, id: "x' OR 1=1" }, 6, 0)).toThrow(/sensor id/);
    expect(() => buildSensorAlertsQuery('a"b', 0, 1)).toThrow(/sensor id/);
    expect(() => buildSensorAlertsQuery("x'; DROP DATABASE pantau", 0, 1)).toThrow(/sensor id/);
  });

  it('quotes the id and field names, uses integer ms bounds and mean per bucket', () => {
    const { queries: [q], intervalS, startMs, endMs } = buildHistoryQuery(sensor, 6, 1_700_000_000_123.7);
    expect(q).toContain(`"sensor" = 'tr-01'`);
    expect(q).toContain('MEAN("flow") AS "flow"');
    expect(q).toContain(`time >= ${1_700_000_000_123 - 6 * 3_600_000}ms AND time <= 1700000000123ms`);
    expect(endMs - startMs).toBe(6 * 3_600_000);
    expect(q).toContain(`GROUP BY time(${intervalS}s) fill(none)`);
  });

  it("averages every ISPU pollutant of the last hour per air sensor (the hourly index rebuilt at start)", () => {
    const q = buildHourlyAirMeansQuery(1_700_000_000_123.7);
    for (const p of ['pm25', 'pm10', 'co', 'no2', 'o3', 'so2']) expect(q).toContain(`mean("${p}") AS "${p}"`);
    expect(q).toContain(`FROM "air" WHERE time >= ${1_700_000_000_123 - 3_600_000}ms GROUP BY "sensor"`);
  });

  it('sizes buckets so no field exceeds the point cap, for every allowed range', () => {
    for (const hours of [1, 6, 24, 168, 720, HISTORY_HOURS.max]) {
      const { intervalS } = buildHistoryQuery(sensor, hours, 0);
      // Epoch-aligned buckets can touch one more than range / interval.
      expect(Math.floor((hours * 3600) / intervalS) + 1).toBeLessThanOrEqual(HISTORY_MAX_POINTS);
    }
  });

  it('clamps hours to 1..HISTORY_HOURS.max integers', () => {
    expect(buildHistoryQuery(sensor, 100_000, 0).endMs - buildHistoryQuery(sensor, 100_000, 0).startMs).toBe(HISTORY_HOURS.max * 3_600_000);
    expect(clampInt('0', 1, 720, 6)).toBe(1);
    expect(clampInt('2.9', 1, 720, 6)).toBe(2);
    expect(clampInt('abc', 1, 720, 6)).toBe(6);
    expect(clampInt(undefined, 1, 720, 6)).toBe(6);
  });
});

describe('formatAlertEventLine', () => {
  it('stores tags and the alert JSON with quotes escaped', () => {
    const line = formatAlertEventLine({
      type: 'commented', at: 1000, by: 'Budi',
      alert: {
        id: 'fl-01:flood_level:1', sensorId: 'fl-01', sensorName: 'G', kind: 'flood', district: 'Samarinda Ulu',
        rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3, title: { id: 'a "b"', en: 'x' },
        explanation: { id: '', en: '' }, action: { id: '', en: '' }, value: 310, state: 'raised', raisedAt: 1,
        updatedAt: 1000, comments: []
      }
    });
    expect(line.startsWith('alert_events,district=Samarinda\\ Ulu,event=commented,kind=flood,rule=flood_level,sensor=fl-01,severity=critical ')).toBe(true);
    expect(line).toContain('alert_id="fl-01:flood_level:1",state="raised",value=310,by="Budi",doc="{\\"id\\"');
    expect(line).toContain('a \\\\\\"b\\\\\\"');
    expect(line.endsWith(' 1000')).toBe(true);
  });
});
