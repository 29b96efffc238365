import { describe, expect, it } from 'vitest';
import type { Forecast } from '../core/forecast';
import type { LiveReading } from '../core/reading';
import { buildForecastHistoryQuery, buildLatestForecastsQuery, FORECAST_HISTORY_LIMIT, withForecasts } from './forecasts';
import { parseLiveBatch } from './live-state';
import { stateAtSeverity } from '../core/state-fixtures';

const T = Date.UTC(2026, 11, 5, 6, 0);
const forecast = (sensorId: string, over: Partial<Forecast> = {}): Forecast => ({
  sensorId, ts: T, levelCm: 210, points: [{ horizonMin: 60, at: T + 3_600_000, levelCm: 245, lowCm: 230, highCm: 260 }],
  crossing: { level: 2, at: T + 2_400_000, earliest: T + 1_800_000, latest: null }, reasons: [], confidence: 0.3, ...over
});
const reading = (sensorId: string, extra: Partial<LiveReading> = {}): LiveReading => ({
  sensorId, kind: 'flood', ts: T, values: { water_level: 210 }, district: 'Sungai Pinang', severity: 1, state: stateAtSeverity('flood', 1), ...extra
});

describe('forecast queries', () => {
  it('quote the measurement and the sensor, bound time in integer ms and cap the rows', () => {
    const { q, hours } = buildForecastHistoryQuery('flood-kp3', 3, T + 0.6);
    expect(hours).toBe(3);
    expect(q).toBe(
      `SELECT * FROM "forecast" WHERE "sensor" = 'flood-kp3' AND time >= ${T - 3 * 3_600_000}ms AND time <= ${T}ms ORDER BY time DESC LIMIT ${FORECAST_HISTORY_LIMIT}`
    );
    expect(buildForecastHistoryQuery('flood-kp3', 10_000, T).hours).toBe(168);
    expect(buildLatestForecastsQuery(T)).toContain(`FROM "forecast" WHERE time >= ${T - 3_600_000}ms GROUP BY "sensor" ORDER BY time DESC LIMIT 1`);
  });

  it('refuse an id that could leave the string literal', () => {
    expect(() => buildForecastHistoryQuery("x' OR 1=1 --", 6, T)).toThrow(/sensor id/);
  });
});

describe('forecasts in the live state', () => {
  it('travel with a gauge reading through the live batch and drop out when they are junk', () => {
    const good = reading('flood-kp3', { forecast: forecast('flood-kp3') });
    const otherGauge = reading('flood-pemuda', { forecast: forecast('flood-kp3') });
    const junk = reading('flood-betapus', { forecast: { ...forecast('flood-betapus'), points: 'x' } as unknown as Forecast });
    const { readings, dropped } = parseLiveBatch(JSON.stringify([good, otherGauge, junk]));
    expect(readings.map((r) => r.sensorId)).toEqual(['flood-kp3', 'flood-pemuda', 'flood-betapus']);
    expect(readings[0].forecast).toEqual(good.forecast);
    expect(readings[1]).not.toHaveProperty('forecast');
    expect(readings[2]).not.toHaveProperty('forecast');
    expect(dropped).toBe(2);
  });

  it('are put back on rebuilt readings, without replacing one a reading already has', () => {
    const stored = new Map([['flood-kp3', forecast('flood-kp3')], ['flood-pemuda', forecast('flood-pemuda')]]);
    const own = forecast('flood-pemuda', { ts: T + 60_000 });
    const out = withForecasts([reading('flood-kp3'), reading('flood-pemuda', { forecast: own }), reading('flood-betapus')], stored);
    expect(out.map((r) => r.forecast?.ts)).toEqual([T, T + 60_000, undefined]);
  });
});
