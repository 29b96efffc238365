import { describe, expect, it } from 'vitest';
import { parseInfluxConfig } from '../src/lib/core/influx-config';
import { createDetectionEngine } from './detect/engine';
import { BENANGA, CATALOG, GUNUNG_LINGAI, HOUR, MIN, T0 } from './detect/test-support';
import { readWarmup, seriesReadings, warmForecaster, warmForecasterAtStart, warmupLimit, warmupQuery, type WarmupSeries } from './forecast-warmup';

const NOW = T0 + 12 * HOUR;
const gauges = [BENANGA, GUNUNG_LINGAI].map((g) => ({ id: g.id, intervalS: 60 }));

/** What InfluxDB answers for the grouped query: one series per gauge, newest first; Gunung Lingai rising. */
function stored(): WarmupSeries[] {
  const rows = (level: (m: number) => number) => Array.from({ length: 720 }, (_, i) => 719 - i).map((m) => [T0 + m * MIN, level(m), 2]);
  return [
    { tags: { sensor: BENANGA.id }, columns: ['time', 'water_level', 'rainfall'], values: rows(() => 40) },
    { tags: { sensor: GUNUNG_LINGAI.id }, columns: ['time', 'water_level', 'rainfall'], values: rows((m) => 170 + m / 12) }
  ];
}

describe('forecaster warm-up: the query', () => {
  it('reads water level and rain of the given gauges in the window, quoted, newest first, bounded per gauge', () => {
    const q = warmupQuery([{ id: "flood-x' OR 1=1 --", intervalS: 60 }], 12, NOW);
    expect(q).toContain(`"sensor" = 'flood-x\\' OR 1=1 --'`);
    expect(q).toContain(`FROM "flood" WHERE time > ${NOW - 12 * HOUR}ms AND time <= ${NOW}ms`);
    expect(q).toMatch(/GROUP BY "sensor" ORDER BY time DESC LIMIT 1440$/);
  });

  it('bounds rows per gauge by the fastest promised interval, and absolutely', () => {
    expect(warmupLimit([{ id: 'a', intervalS: 600 }, { id: 'b', intervalS: 60 }], 12)).toBe(1440);
    expect(warmupLimit([{ id: 'a', intervalS: 1 }], 72)).toBe(20_000);
  });

  it('turns rows into flood readings, skipping rows without a level and series without a sensor', () => {
    const readings = seriesReadings([
      { tags: { sensor: 'g' }, columns: ['time', 'water_level', 'rainfall'], values: [[2, 100, null], [1, null, 3]] },
      { columns: ['time', 'water_level'], values: [[1, 5]] }
    ]);
    expect(readings).toEqual([{ sensorId: 'g', kind: 'flood', ts: 2, values: { water_level: 100 } }]);
  });
});

describe('forecaster warm-up: feeding the engine', () => {
  it('feeds both gauges in time order, and the rising one forecasts a rise with confidence', async () => {
    const queries: string[] = [];
    const query = async (q: string) => (queries.push(q), stored());
    expect((await readWarmup({ gauges, hours: 12, query, now: () => NOW })).every((r, i, a) => i === 0 || a[i - 1].ts <= r.ts)).toBe(true);
    const engine = createDetectionEngine({ catalog: CATALOG });
    const r = await warmForecaster({ gauges, hours: 12, engine, query, now: () => NOW });
    expect(queries).toHaveLength(2);
    expect(r).toMatchObject({ readings: 1440, gauges: 2 });
    const f = engine.forecast(GUNUNG_LINGAI.id)!;
    expect(f.confidence).toBeGreaterThan(0.2);
    expect(f.points.find((p) => p.horizonMin === 60)!.levelCm).toBeGreaterThan(f.levelCm);
    expect(engine.openAlerts()).toEqual([]);
  });

  it('with InfluxDB away, logs and leaves the gauges cold instead of failing the start', async () => {
    const lines: string[] = [];
    const engine = createDetectionEngine({ catalog: CATALOG });
    const influx = parseInfluxConfig({ INFLUX_URL: 'http://127.0.0.1:9' });
    // false: the stored track records could not be read either (read before the first save instead)
    expect(await warmForecasterAtStart({ influx, hours: 12, gauges, engine, log: (l) => lines.push(l) })).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/could not warm the forecaster from InfluxDB .*gauges start cold/);
    expect(engine.forecast(GUNUNG_LINGAI.id)).toBeNull();
  });

  it('with 0 hours, feeds no readings but still takes back the stored records (or says it could not)', async () => {
    const lines: string[] = [];
    const influx = parseInfluxConfig({ INFLUX_URL: 'http://127.0.0.1:9' });
    const engine = { warmForecasts: () => { throw new Error('fed'); }, restoreForecastTrackStates: () => { throw new Error('restored'); } };
    const settled = await warmForecasterAtStart({ influx, hours: 0, gauges, engine, log: (l) => lines.push(l) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/could not read the stored forecast track records from InfluxDB .*gauges start cold/);
    expect(settled).toBe(false); // read again before the first save
  });
});
