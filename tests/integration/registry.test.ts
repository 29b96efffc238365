/**
 * The sensor registry against the real PostgreSQL of `npm test`: migrations once, the seed once,
 * changes with their history, refusals that change nothing, all-or-nothing imports, and a second
 * instance that follows a change by polling.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogFile from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { openRegistry, type Registry } from '../../src/lib/server/registry/service';
import { migrate, readMigrations } from '../../src/lib/server/registry/migrate';
import { parseCsvImport } from '../../src/lib/server/registry/parse-import';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/wait';

const fileCatalog = catalogFile as unknown as Catalog;
const eko = { user: 'eko', role: 'engineer' };
const gauge = fileCatalog.sensors.find((s) => s.kind === 'flood' && s.flood && s.downstream?.length)!;
const linked = gauge.downstream![0];
const newGauge = { id: 'flood-test-new', kind: 'flood', name: 'Pos Uji', district: gauge.district, lat: -0.45, lon: 117.15, intervalS: 60, flood: { siaga3: 100, siaga2: 150, siaga1: 200 } };

let db: TestDatabase;
let a: Registry;
let b: Registry;

async function count(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return Number((await client.query(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('registry');
  // Two command centers starting at once on a new database: one applies the migrations and the seed.
  [a, b] = await Promise.all([0, 1].map(() => openRegistry({ databaseUrl: db.url, fileCatalog, pollMs: 100, log: () => {} })));
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

describe('sensor registry on PostgreSQL', () => {
  it('applies each migration once and seeds a new installation once, from the catalog file', async () => {
    const files = (await readMigrations()).length;
    expect(files).toBeGreaterThanOrEqual(2);
    expect(await count('SELECT count(*) AS n FROM schema_migrations')).toBe(files);
    expect(await count("SELECT count(*) AS n FROM sensor_changes WHERE action = 'seed'")).toBe(fileCatalog.sensors.length);
    const again = await openRegistry({ databaseUrl: db.url, fileCatalog, log: () => {} });
    await again.close();
    expect(await count('SELECT count(*) AS n FROM schema_migrations')).toBe(files);
    expect(await count('SELECT count(*) AS n FROM sensors')).toBe(fileCatalog.sensors.length);
    expect(a.current().catalog.sensors.map((s) => s.id)).toEqual(fileCatalog.sensors.map((s) => s.id));
    expect(a.current().catalog.sensors.find((s) => s.id === gauge.id)).toEqual(gauge);
  });

  it('rolls a failing migration back, records nothing for it, and applies the next one once', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const broken = { name: '900_broken.sql', sql: 'CREATE TABLE t900 (x int); SELECT no_such_function();' };
      await expect(migrate(pool, [broken])).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
      expect((await pool.query("SELECT to_regclass('t900') AS t")).rows[0].t).toBeNull();
      const good = { name: '901_extra.sql', sql: 'CREATE TABLE t901 (x int);' };
      expect(await migrate(pool, [good])).toEqual(['901_extra.sql']);
      expect(await migrate(pool, [good])).toEqual([]);
      expect(await count("SELECT count(*) AS n FROM schema_migrations WHERE name LIKE '90%'")).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('edits a threshold with its reason into the history, and another instance follows without a restart', async () => {
    const before = gauge.flood!.siaga3;
    const r = await a.store.edit(eko, gauge.id, { flood: { ...gauge.flood, siaga3: before - 1 } }, 'staff gauge re-levelled by BWS', 1);
    expect(r.ok).toBe(true);
    await waitFor('instance b sees the edit', async () => b.current().sensors.get(gauge.id)?.flood?.siaga3 === before - 1);
    const got = await a.store.get(gauge.id);
    const change = got!.history[0];
    expect(change).toMatchObject({ action: 'edit', actor: 'eko', role: 'engineer', reason: 'staff gauge re-levelled by BWS', revision: 2 });
    expect(change.diff).toEqual([{ field: 'flood.siaga3', from: before, to: before - 1 }]);
    expect(change.before?.flood).toEqual(gauge.flood);
  });

  it('refuses a stale revision and an invalid change, and changes nothing', async () => {
    const version = await a.store.version();
    const stale = await a.store.edit(eko, gauge.id, { name: 'X' }, 'rename', 1);
    expect(stale).toMatchObject({ ok: false, status: 409 });
    const falling = await a.store.edit(eko, gauge.id, { flood: { siaga3: 300, siaga2: 200, siaga1: 100 } }, 'typo');
    expect(falling.ok).toBe(false);
    if (!falling.ok) expect(falling.errors.join('\n')).toContain(`sensor ${gauge.id}`);
    expect(await a.store.version()).toBe(version);
    expect((await a.store.get(gauge.id))!.sensor.revision).toBe(2);
  });

  it('creates, moves and refuses to decommission a gauge others link to', async () => {
    expect(await a.store.create(eko, newGauge, 'new gauge on Sungai Karang Mumus')).toMatchObject({ ok: true, sensor: { revision: 1, status: 'active' } });
    expect(await a.store.create(eko, newGauge, 'again')).toMatchObject({ ok: false, status: 409 });
    const moved = await a.store.edit(eko, newGauge.id, { lat: -0.451, lon: 117.151 }, 'moved to the bridge pier', undefined, 'move');
    expect(moved).toMatchObject({ ok: true, sensor: { lat: -0.451, revision: 2 } });
    const refused = await a.store.decommission(eko, linked, 'removed');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.join('\n')).toContain(linked);
  });

  it('decommissions: gone from the catalog, kept with its history, id never reused', async () => {
    expect((await a.store.decommission(eko, newGauge.id, 'pole destroyed by a truck')).ok).toBe(true);
    expect((await a.refresh()).sensors.has(newGauge.id)).toBe(false);
    const got = await a.store.get(newGauge.id);
    expect(got!.sensor.status).toBe('decommissioned');
    expect(got!.history.map((h) => h.action)).toEqual(['decommission', 'move', 'create']);
    expect(await a.store.create(eko, newGauge, 'back')).toMatchObject({ ok: false, status: 409 });
  });

  it('imports all or nothing, with problems listed per row', async () => {
    const header = 'id,kind,name,district,lat,lon,intervalS,siaga3,siaga2,siaga1,downstream';
    const good = `flood-imp-a,flood,Pos A,${gauge.district},-0.44,117.16,60,100,120,140,flood-imp-b`;
    const goodB = `flood-imp-b,flood,Pos B,${gauge.district},-0.46,117.17,60,100,120,140,`;
    const bad = parseCsvImport([header, good, `flood-imp-c,flood,Pos C,Atlantis,-0.46,117.17,60,100,120,140,`, goodB].join('\n'));
    const refused = await a.store.importMany(eko, bad.ok ? bad.rows : [], 'BWS list 2026');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.rows).toEqual([{ label: 'row 3', errors: [expect.stringContaining('row 3')] }]);
    expect(await count("SELECT count(*) AS n FROM sensors WHERE id LIKE 'flood-imp-%'")).toBe(0);

    // A link to a row further down the file is fine: the file is checked as a whole.
    const ok = parseCsvImport([header, good, goodB].join('\n'));
    const done = await a.store.importMany(eko, ok.ok ? ok.rows : [], 'BWS list 2026');
    expect(done).toMatchObject({ ok: true, created: ['flood-imp-a', 'flood-imp-b'], updated: [] });
    expect((await a.store.get('flood-imp-a'))!.history[0]).toMatchObject({ action: 'import', reason: 'BWS list 2026' });
    await waitFor('instance b sees the import', async () => b.current().sensors.has('flood-imp-b'));
  });
});
