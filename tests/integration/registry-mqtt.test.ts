/**
 * The registry's catalog on MQTT (real PostgreSQL and Mosquitto of `npm test`): the command center
 * publishes it retained at start and on every version; an ingest starting later receives the current
 * one at once, a running one sees the new version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogFile from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { openRegistry, type Registry } from '../../src/lib/server/registry/service';
import { startCatalogPublisher, type CatalogPublisher } from '../../src/lib/server/registry/publish';
import { parseRegistryMessage, watchRegistryCatalog, type RegistryCatalogWatch } from '../../ingest/registry-catalog';
import { readTestServices } from '../helpers/env';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/wait';
import { clearRetainedCatalog } from '../helpers/retained-catalog';

const services = readTestServices();
const fileCatalog = catalogFile as unknown as Catalog;
const air = fileCatalog.sensors.find((s) => s.kind === 'air')!;
const mqttOptions = { url: services.mqttUrl, username: '', password: '', protocolVersion: 5 as const, log: () => {} };
let db: TestDatabase;
let registry: Registry;
let publisher: CatalogPublisher;
const watches: RegistryCatalogWatch[] = [];

beforeAll(async () => {
  // Other test files' command centers leave their retained catalog behind: start and end without one.
  await clearRetainedCatalog(services.mqttUrl);
  db = await createTestDatabase('registry_mqtt');
  registry = await openRegistry({ databaseUrl: db.url, fileCatalog, pollMs: 100, log: () => {} });
  publisher = startCatalogPublisher({ url: services.mqttUrl, username: '', password: '' }, registry, () => {});
});

afterAll(async () => {
  await Promise.all(watches.map((w) => w.close()));
  await publisher?.close();
  await registry?.close();
  await db?.drop();
  await clearRetainedCatalog(services.mqttUrl);
});

describe('registry catalog on MQTT', () => {
  it('reaches an ingest that starts later (retained), and a running one sees the next version', async () => {
    const running = watchRegistryCatalog(mqttOptions, 15_000);
    watches.push(running);
    const first = await running.first;
    expect(first?.version).toBe(registry.current().version);
    expect(first?.catalog.sensors).toHaveLength(fileCatalog.sensors.length);

    const r = await registry.store.edit({ user: 'eko', role: 'engineer' }, air.id, { status: 'maintenance', name: 'Udara (kalibrasi)' }, 'calibration visit');
    expect(r.ok).toBe(true);
    await waitFor('the running watch sees the new version', async () => running.latestVersion() > first!.version);

    const later = watchRegistryCatalog(mqttOptions, 15_000);
    watches.push(later);
    const got = await later.first;
    expect(got?.version).toBe(running.latestVersion());
    expect(got?.catalog.sensors.find((s) => s.id === air.id)?.name).toBe('Udara (kalibrasi)');
  });

  it('ignores a message whose catalog breaks the schema, and waits no longer than asked when none is published', async () => {
    const logs: string[] = [];
    expect(parseRegistryMessage(JSON.stringify({ version: 9, catalog: { city: 'X', districts: [], sensors: [] } }), (m) => logs.push(m))).toBeNull();
    expect(logs[0]).toMatch(/ignored/);
    await clearRetainedCatalog(services.mqttUrl);
    const none = watchRegistryCatalog(mqttOptions, 300);
    watches.push(none);
    expect(await none.first).toBeNull();
  });
});
