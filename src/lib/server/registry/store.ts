/**
 * The sensor registry in PostgreSQL. Every change runs in one transaction that takes the registry's
 * write lock (the `registry_state` row), checks the whole catalog it would produce against the one
 * catalog schema, writes the sensor and its history row, and bumps the version other instances poll.
 * Changes are rare and people make them: one at a time is the simple way to keep links consistent
 * (nobody decommissions a gauge while someone else links to it).
 */
import type pg from 'pg';
import type { Catalog } from '../../core/sensor';
import { sayWith } from '../../schemas/reason';
import { buildCatalog, checkCandidate, diffSensors, type Actor, type CatalogBase, type Write, type ChangeAction, type RegisteredSensor, type SensorChange } from './model';
import { applyChanges, newSensorFields, rowToSensor, sensorParams, type SensorRow } from './rows';
import { importSensors, type ImportResult, type ImportRow } from './store-import';

export type { Actor };

export type ChangeResult =
  | { ok: true; sensor: RegisteredSensor; version: number }
  | { ok: false; status: 400 | 404 | 409; errors: string[] };

export interface RegistryStore {
  list(): Promise<RegisteredSensor[]>;
  get(id: string): Promise<{ sensor: RegisteredSensor; history: SensorChange[] } | null>;
  /** The catalog the command center runs (decommissioned sensors left out) and its version. */
  catalog(): Promise<{ catalog: Catalog; version: number }>;
  version(): Promise<number>;
  create(actor: Actor, sensor: Record<string, unknown>, reason: string): Promise<ChangeResult>;
  edit(actor: Actor, id: string, changes: unknown, reason: string, revision?: number, action?: ChangeAction): Promise<ChangeResult>;
  decommission(actor: Actor, id: string, reason: string, revision?: number): Promise<ChangeResult>;
  /** All rows or none: new ids are created, known ones replaced. */
  importMany(actor: Actor, rows: ImportRow[], reason: string): Promise<ImportResult>;
  /** A new installation: the catalog file's sensors, once (false when the registry was seeded before). Not validated here: the loader did. */
  seed(catalog: Catalog, actor: Actor): Promise<boolean>;
}

const SELECT_SENSORS = 'SELECT * FROM sensors ORDER BY seq';
const INSERT_SENSOR = `INSERT INTO sensors (id, kind, name, district, lat, lon, interval_s, flood, traffic, downstream, extra, updated_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
const UPDATE_SENSOR = `UPDATE sensors SET kind = $2, name = $3, district = $4, lat = $5, lon = $6, interval_s = $7, flood = $8, traffic = $9,
  downstream = $10, extra = $11, updated_by = $12, status = $13, revision = revision + 1, updated_at = now() WHERE id = $1`;
const INSERT_CHANGE = `INSERT INTO sensor_changes (sensor_id, revision, action, actor, role, reason, before, after)
  SELECT id, revision, $2, $3, $4, $5, $6, $7 FROM sensors WHERE id = $1`;

export function createRegistryStore(pool: pg.Pool, base: CatalogBase): RegistryStore {
  async function list(db: pg.Pool | pg.PoolClient = pool): Promise<RegisteredSensor[]> {
    return (await db.query<SensorRow>(SELECT_SENSORS)).rows.map(rowToSensor);
  }

  async function version(db: pg.Pool | pg.PoolClient = pool): Promise<number> {
    return Number((await db.query<{ version: string }>('SELECT version FROM registry_state')).rows[0].version);
  }

  /** Runs `work` under the registry's write lock; commits only when it reports success. */
  async function inChange<T extends { ok: boolean }>(work: (db: pg.PoolClient) => Promise<T>): Promise<T & { version?: number }> {
    const db = await pool.connect();
    try {
      await db.query('BEGIN');
      await db.query('SELECT version FROM registry_state FOR UPDATE');
      const result = await work(db);
      if (!result.ok) {
        await db.query('ROLLBACK');
        return result;
      }
      const v = await db.query<{ version: string }>('UPDATE registry_state SET version = version + 1 RETURNING version');
      await db.query('COMMIT');
      return { ...result, version: Number(v.rows[0].version) };
    } catch (err) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      db.release();
    }
  }

  /** Checks the catalog with `next` in place of (or added to) its sensor, then writes it and its history. */
  async function write(db: pg.PoolClient, w: Write): Promise<ChangeResult> {
    const all = await list(db);
    const live = all.filter((s) => s.status !== 'decommissioned' && s.id !== w.next.id);
    const candidate = w.next.status === 'decommissioned' ? live : [...live, w.next as RegisteredSensor];
    const check = checkCandidate(base, candidate);
    if (!check.ok) return { ok: false, status: 400, errors: check.errors };
    return { ok: true, sensor: await persist(db, w), version: 0 };
  }

  /** Writes a sensor already checked, and its history row. */
  async function persist(db: pg.PoolClient, w: Write): Promise<RegisteredSensor> {
    const params = sensorParams(w.next);
    if (w.before) await db.query(UPDATE_SENSOR, [...params, w.actor.user, w.next.status ?? 'active']);
    else await db.query(INSERT_SENSOR, [...params, w.actor.user]);
    const after = rowToSensor((await db.query<SensorRow>('SELECT * FROM sensors WHERE id = $1', [w.next.id])).rows[0]);
    await db.query(INSERT_CHANGE, [w.next.id, w.action, w.actor.user, w.actor.role, w.reason, w.before && JSON.stringify(w.before), JSON.stringify(after)]);
    return after;
  }

  async function current(db: pg.PoolClient, id: string, revision?: number): Promise<{ found: RegisteredSensor } | ChangeResult> {
    const row = (await db.query<SensorRow>('SELECT * FROM sensors WHERE id = $1', [id])).rows[0];
    if (!row) return { ok: false, status: 404, errors: [sayWith('noSensor', { id: id.slice(0, 64) })] };
    const sensor = rowToSensor(row);
    if (sensor.status === 'decommissioned') return { ok: false, status: 409, errors: [sayWith('sensorDecommissioned', { id })] };
    if (revision !== undefined && revision !== sensor.revision) {
      return { ok: false, status: 409, errors: [sayWith('sensorChanged', { id, current: sensor.revision, expected: revision })] };
    }
    return { found: sensor };
  }

  const withVersion = (r: ChangeResult & { version?: number }): ChangeResult => (r.ok ? { ...r, version: r.version ?? 0 } : r);

  return {
    list: () => list(),
    version: () => version(),
    async get(id) {
      const row = (await pool.query<SensorRow>('SELECT * FROM sensors WHERE id = $1', [id])).rows[0];
      if (!row) return null;
      const changes = await pool.query('SELECT * FROM sensor_changes WHERE sensor_id = $1 ORDER BY id DESC LIMIT 200', [id]);
      return { sensor: rowToSensor(row), history: changes.rows.map(parseChange) };
    },
    async catalog() {
      const db = await pool.connect();
      try {
        // One snapshot: the version matches the sensors read with it.
        await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const [v, sensors] = [await version(db), await list(db)];
        await db.query('COMMIT');
        return { catalog: buildCatalog(base, sensors), version: v };
      } finally {
        db.release();
      }
    },
    async create(actor, sensor, reason) {
      return withVersion(await inChange(async (db) => {
        const fields = newSensorFields(sensor);
        const id = typeof fields.id === 'string' ? fields.id : '';
        const existing = id ? (await db.query<SensorRow>('SELECT status FROM sensors WHERE id = $1', [id])).rows[0] : undefined;
        if (existing) {
          const why = sayWith(existing.status === 'decommissioned' ? 'sensorIdRetired' : 'sensorExists', { id });
          return { ok: false, status: 409, errors: [why] } as ChangeResult;
        }
        return write(db, { actor, action: 'create', reason, before: null, next: fields });
      }));
    },
    async edit(actor, id, changes, reason, revision, action = 'edit') {
      return withVersion(await inChange(async (db) => {
        const got = await current(db, id, revision);
        if (!('found' in got)) return got;
        const before = got.found;
        const applied = applyChanges(before, changes);
        if (!applied.ok) return { ok: false, status: 400, errors: applied.errors } as ChangeResult;
        return write(db, { actor, action, reason, before, next: applied.next });
      }));
    },
    async decommission(actor, id, reason, revision) {
      return withVersion(await inChange(async (db) => {
        const got = await current(db, id, revision);
        if (!('found' in got)) return got;
        const before = got.found;
        return write(db, { actor, action: 'decommission', reason, before, next: { ...before, status: 'decommissioned' } });
      }));
    },
    async importMany(actor, rows, reason) {
      const result = await inChange((db) => importSensors({ base, actor, rows, reason, list: () => list(db), persist: (w) => persist(db, w) }));
      return result.ok ? { ...result, version: result.version ?? 0 } : result;
    },
    async seed(catalog, actor) {
      const result = await inChange(async (db) => {
        const state = (await db.query<{ seeded_at: Date | null }>('SELECT seeded_at FROM registry_state')).rows[0];
        if (state.seeded_at) return { ok: false as const };
        const reason = 'seeded from the catalog file of a new installation';
        for (const s of catalog.sensors) await persist(db, { actor, action: 'seed', reason, before: null, next: s as unknown as Record<string, unknown> });
        await db.query('UPDATE registry_state SET seeded_at = now()');
        return { ok: true as const };
      });
      return result.ok;
    }
  };
}

function parseChange(r: Record<string, unknown>): SensorChange {
  const before = (r.before as Record<string, unknown> | null) ?? null;
  const after = r.after as Record<string, unknown>;
  return {
    id: Number(r.id),
    sensorId: String(r.sensor_id),
    revision: Number(r.revision),
    action: r.action as SensorChange['action'],
    actor: String(r.actor),
    role: String(r.role),
    reason: String(r.reason),
    at: (r.at as Date).getTime(),
    before,
    after,
    diff: diffSensors(before, after)
  };
}
