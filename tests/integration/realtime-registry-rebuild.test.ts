/**
 * The command center's start rebuilds the wall's last readings from InfluxDB for the sensors of the
 * registry, not only those of the catalog file: a gauge added in the registry that has gone quiet
 * (a flat battery, a washed-away mast) still shows its last level after a restart. Real InfluxDB and
 * PostgreSQL of `npm test`; the registry is the process's own (DATABASE_URL), opened before the hub as
 * scripts/web.ts does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogFile from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { parseWebConfig } from '../../src/lib/server/config';
import { createRealtimeHub } from '../../src/lib/server/realtime';
import { closeRegistry, getRegistry } from '../../src/lib/server/registry/handle';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

const services = readTestServices();
const influxDb = uniqueDb('rtregistry');
const fileCatalog = catalogFile as unknown as Catalog;
const district = fileCatalog.sensors.find((s) => s.kind === 'flood')!.district;
const added = { id: 'flood-registry-added', kind: 'flood', name: 'Pos Baru', district, lat: -0.45, lon: 117.15, intervalS: 60, flood: { siaga3: 100, siaga2: 150, siaga1: 200 } };
let pg: TestDatabase;

beforeAll(async () => {
  pg = await createTestDatabase('rt_registry');
  await createDatabase(services.influxUrl, influxDb);
  // Read by the registry handle's first loadWebConfig(), as the web server's environment would be.
  process.env.DATABASE_URL = pg.url;
}, 60_000);

afterAll(async () => {
  await closeRegistry();
  delete process.env.DATABASE_URL;
  await pg?.drop();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
});

describe('a command center restarting with a sensor registry', () => {
  it('rebuilds the last reading of a sensor added in the registry, which the catalog file lacks', async () => {
    const registry = (await getRegistry())!;
    expect(await registry.store.create({ user: 'eko', role: 'engineer' }, added, 'new gauge')).toMatchObject({ ok: true });
    await registry.refresh(true);
    expect(registry.current().sensors.has(added.id)).toBe(true);
    // Its last reading, ten minutes ago; it has been quiet since.
    const ts = Date.now() - 10 * 60_000;
    await influxWrite(services.influxUrl, influxDb, `flood,sensor=${added.id} water_level=172 ${ts}`);

    const config = parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: influxDb });
    const hub = await createRealtimeHub({ config, catalog: fileCatalog, identify: () => ({ user: 'k', role: 'kiosk' }), audit: () => undefined, log: () => undefined });
    try {
      // was: missing (the rebuild read only the catalog file's sensors), until the gauge reported again
      const reading = hub.latestReadings().find((r) => r.sensorId === added.id);
      expect(reading).toMatchObject({ ts, values: { water_level: 172 } });
      // judged by the registry's Siaga levels: 172 is at Siaga 2 (150)
      expect(reading?.severity).toBeGreaterThan(0);
    } finally {
      await hub.close();
    }
  }, 60_000);
});
