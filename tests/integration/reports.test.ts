import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEASUREMENTS } from '../../src/lib/core/influx-config';
import { formatAlertEventLine, formatLine } from '../../src/lib/core/line-protocol';
import { formatForecastLine } from '../../src/lib/core/forecast-line';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { rebuildRollups } from '../../src/lib/influx/rollups';
import { setupInflux } from '../../src/lib/influx/setup';
import { computeFacts, type ReportFacts } from '../../src/lib/reports/facts';
import { DATA_END, DATA_START, GENERATED_AT, MAINTENANCE, procedures, seededCatalog, seededEvents, seededOutlook, seededReadings, seededWeekInput, WEEK } from '../../src/lib/reports/seeded-week';
import { createInfluxClient, type InfluxClient } from '../../src/lib/server/influx';
import { readReportInput } from '../../src/lib/server/reports/input';
import { planHourlyQueries } from '../../src/lib/server/reports/queries';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxWrite } from '../helpers/influx';

/**
 * The seeded fortnight written to a real InfluxDB (readings to the default policy, the 1-hour rollup
 * rebuilt from them, alert events to their policy, a forecast), read back through the report's own
 * queries: the facts must be those of the same data held in memory, and the hand-checked ones.
 */
const services = readTestServices();
const db = uniqueDb('reports');
// The fixture's fortnight is fixed in November 2026: keep raw readings forever so it is never past retention.
const config = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db, INFLUX_RAW_RETENTION: '3650d' });
const catalog = seededCatalog();
let influx: InfluxClient;
let fromDb: ReportFacts;

beforeAll(async () => {
  await setupInflux(config);
  const readings = seededReadings(catalog).map((r) => formatLine(MEASUREMENTS[r.sensor.kind], { sensor: r.sensor.id, district: r.sensor.district }, r.values, r.ts));
  const outlook = seededOutlook(catalog);
  const events = [...seededEvents(catalog), { type: 'raised' as const, at: outlook.openAlerts[0].raisedAt, by: 'ingest', alert: outlook.openAlerts[0] }];
  const gauge = catalog.sensors.find((s) => s.id === outlook.forecasts[0].sensorId)!;
  for (let i = 0; i < readings.length; i += 5_000) await influxWrite(services.influxUrl, db, readings.slice(i, i + 5_000));
  await influxWrite(services.influxUrl, db, [...events.map(formatAlertEventLine), formatForecastLine(outlook.forecasts[0], gauge.district)]);
  await rebuildRollups(config, DATA_START, DATA_END);
  influx = createInfluxClient(config);
  const input = await readReportInput({ influx, catalog, procedures: procedures(), maintenance: async () => [...MAINTENANCE] }, WEEK, GENERATED_AT);
  fromDb = computeFacts(input);
}, 240_000);

afterAll(async () => {
  await influx?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('a report built through the real queries', () => {
  it('reads most hours from the 1-hour rollup and the newest from raw readings', () => {
    const qs = planHourlyQueries('flood', WEEK.start - 7 * 86_400_000, WEEK.end, GENERATED_AT, true);
    expect(qs.some((q) => q.includes('"rollup_1h"'))).toBe(true);
    expect(qs.at(-1)).toContain('GROUP BY time(1h)');
  });

  it('has the facts of the same fortnight held in memory', () => {
    const inMemory = computeFacts(seededWeekInput());
    for (const key of ['alerts', 'response', 'ranking', 'change', 'quality', 'patterns', 'recommendations'] as const) {
      expect(fromDb[key], key).toEqual(inMemory[key]);
    }
  });

  it('has the hand-checked facts', () => {
    expect(fromDb.alerts.emergency).toBe(15);
    expect(fromDb.response.untickedTotal).toBe(16);
    const sempaja = fromDb.quality.sensors.find((s) => s.sensorId === 'traffic-sempaja-s')!;
    expect([sempaja.received, sempaja.expected]).toEqual([792, 1008]);
    expect(fromDb.recommendations.map((r) => `${r.rule}:${r.sensorId}`)).toEqual([
      'signal-retiming:traffic-lembuswana-n', 'flood-repeated:flood-gunung-lingai', 'air-schools:air-samarinda-ulu-1', 'maintenance-visit:traffic-sempaja-s'
    ]);
  });

  it('reads the open alert and the gauge forecast as of the report time', () => {
    expect(fromDb.outlook.open).toEqual({ critical: 1, warning: 0, info: 0 });
    expect(fromDb.outlook.crossings.map((c) => [c.sensorId, c.crossing.level])).toEqual([['flood-gunung-lingai', 3]]);
  });
});
