import { writeFile } from 'node:fs/promises';
import { formatForecastLine } from '../../src/lib/core/forecast-line';
import { MEASUREMENTS, parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import { formatAlertEventLine, formatDeliveryLines, formatLine } from '../../src/lib/core/line-protocol';
import { EVENTS_RP } from '../../src/lib/core/retention';
import { rebuildRollups } from '../../src/lib/influx/rollups';
import { setupInflux } from '../../src/lib/influx/setup';
import { DATA_END, DATA_START, ESCALATIONS, escalationDelivery, seededCatalog, seededEvents, seededOutlook, seededReadings } from '../../src/lib/reports/seeded-week';
import { influxWrite } from '../helpers/influx';

/**
 * The reports' seeded fortnight written to a test database as the product stores it: readings in
 * the default policy (kept for years: the fixture's dates are fixed), the rollups rebuilt from them,
 * alert events in their policy, the gauge's forecast, the notifier's escalation deliveries. Shared by the integration and browser tests.
 */
export const SEED_ENV = { INFLUX_RAW_RETENTION: '3650d' } as const;

export async function seedReportDb(influxUrl: string, db: string): Promise<InfluxConfig> {
  const config = parseInfluxConfig({ INFLUX_URL: influxUrl, INFLUX_DB: db, ...SEED_ENV });
  const catalog = seededCatalog();
  await setupInflux(config);
  const readings = seededReadings(catalog).map((r) => formatLine(MEASUREMENTS[r.sensor.kind], { sensor: r.sensor.id, district: r.sensor.district }, r.values, r.ts));
  const outlook = seededOutlook(catalog);
  const events = [...seededEvents(catalog), { type: 'raised' as const, at: outlook.openAlerts[0].raisedAt, by: 'ingest', alert: outlook.openAlerts[0] }];
  const gauge = catalog.sensors.find((s) => s.id === outlook.forecasts[0].sensorId)!;
  for (let i = 0; i < readings.length; i += 5_000) await influxWrite(influxUrl, db, readings.slice(i, i + 5_000));
  await influxWrite(influxUrl, db, [...events.map(formatAlertEventLine), formatForecastLine(outlook.forecasts[0], gauge.district)]);
  // The escalations as the notifier stores its DeliveryRecords (events policy, measurement `deliveries`).
  const deliveries = ESCALATIONS.flatMap((spec) => {
    const d = escalationDelivery(spec);
    return formatDeliveryLines({ at: d.at, alertIds: [d.alertId], personId: d.personId, personName: d.personName, reason: d.reason, channel: spec.channel, status: 'sent', attempt: 1 });
  });
  await writeToEventsPolicy(influxUrl, db, deliveries);
  await rebuildRollups(config, DATA_START, DATA_END);
  return config;
}

/** influxWrite sends only alert events to the events policy; the notifier's deliveries live there too. */
async function writeToEventsPolicy(influxUrl: string, db: string, lines: string[]): Promise<void> {
  const res = await fetch(`${influxUrl}/write?${new URLSearchParams({ db, rp: EVENTS_RP, precision: 'ms' })}`, { method: 'POST', body: lines.join('\n') });
  if (res.status !== 204) throw new Error(`deliveries write: HTTP ${res.status} ${await res.text()}`);
}

/** The seeded catalog as a file, for a process started with PANTAU_CATALOG. */
export async function writeSeededCatalog(path: string): Promise<void> {
  await writeFile(path, JSON.stringify(seededCatalog(), null, 2));
}
