/**
 * The registry of one command-center process: a pool, migrations and the seed at open, and the
 * current catalog, reloaded when the registry's version moves. Every instance polls one integer
 * (REGISTRY_POLL_MS), so a change made through any instance reaches all of them without a restart;
 * the instance that made it reloads at once.
 */
import pg from 'pg';
import { indexSensors, type Catalog, type Sensor } from '../../core/sensor';
import { validateCatalog } from '../../catalog/validate';
import { PantauError } from '../../core/errors';
import { migrate, readMigrations } from './migrate';
import { createRegistryStore, type RegistryStore } from './store';

/** How often each instance asks whether the registry changed: one indexed single-row read. */
export const REGISTRY_POLL_MS = 2_000;
/** Connections per instance: people's edits are rare; reads are one query each. */
const POOL_SIZE = 5;
export const SEED_ACTOR = { user: 'catalog-seed', role: 'system' } as const;

export interface RegistrySnapshot {
  catalog: Catalog;
  sensors: ReadonlyMap<string, Sensor>;
  version: number;
}

export interface Registry {
  readonly store: RegistryStore;
  /** The registry's connection pool, for the other stores in this database (people, acknowledge links). */
  readonly pool: pg.Pool;
  current(): RegistrySnapshot;
  /** Reloads when the version moved (or always with force); resolves with the snapshot in use. */
  refresh(force?: boolean): Promise<RegistrySnapshot>;
  /** Called with each new snapshot (not the first). */
  onChange(listener: (snapshot: RegistrySnapshot) => void): () => void;
  close(): Promise<void>;
}

export interface RegistryOptions {
  databaseUrl: string;
  /** The catalog file: its city and districts frame every check; its sensors seed a new installation. */
  fileCatalog: Catalog;
  migrationsDir?: string;
  pollMs?: number;
  log?: (message: string) => void;
}

export async function openRegistry(opts: RegistryOptions): Promise<Registry> {
  const log = opts.log ?? ((m: string) => console.log(`[registry] ${m}`));
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: POOL_SIZE });
  // An idle client losing its server (a restart) must not crash the process: the next query reconnects.
  pool.on('error', (err) => log(`database connection lost: ${err.message}`));
  try {
    const applied = await migrate(pool, await readMigrations(opts.migrationsDir));
    if (applied.length > 0) log(`migrations applied: ${applied.join(', ')}`);
    // The web's own catalog loader is lenient; what seeds the registry must pass the one schema.
    const checked = validateCatalog(opts.fileCatalog);
    if (!checked.ok) throw new PantauError('CATALOG_INVALID', `the catalog file cannot seed the registry:\n  ${checked.errors.join('\n  ')}`);
    const store = createRegistryStore(pool, { city: opts.fileCatalog.city, districts: opts.fileCatalog.districts });
    if (await store.seed(opts.fileCatalog, SEED_ACTOR)) log(`seeded from the catalog file: ${opts.fileCatalog.sensors.length} sensors`);
    return await createRegistry(store, pool, opts.pollMs ?? REGISTRY_POLL_MS, log);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/** Exported for the unit test of refresh against a slow store; openRegistry is the way in. */
export async function createRegistry(store: RegistryStore, pool: pg.Pool, pollMs: number, log: (m: string) => void): Promise<Registry> {
  const load = async (): Promise<RegistrySnapshot> => {
    const { catalog, version } = await store.catalog();
    return { catalog, sensors: indexSensors(catalog), version };
  };
  let snapshot = await load();
  const listeners = new Set<(s: RegistrySnapshot) => void>();
  let failing = false;
  let inFlight: Promise<RegistrySnapshot> | null = null;
  let queued: Promise<RegistrySnapshot> | null = null;
  let queuedForce = false;

  async function reload(force: boolean): Promise<RegistrySnapshot> {
    if (!force && (await store.version()) === snapshot.version) return snapshot;
    const next = await load();
    if (next.version !== snapshot.version || force) {
      snapshot = next;
      for (const l of listeners) l(next);
    }
    return snapshot;
  }

  /**
   * A reload already running may have read the version before the caller's own change committed (the poll runs
   * every pollMs): joining it would hand back the catalog from before the change. So a caller arriving meanwhile
   * gets one more reload after it, shared with every other caller arriving while that one waits.
   */
  function refresh(force = false): Promise<RegistrySnapshot> {
    if (!inFlight) {
      inFlight = reload(force).finally(() => (inFlight = null));
      return inFlight;
    }
    queuedForce ||= force;
    queued ??= inFlight
      .catch(() => undefined)
      .then(() => {
        const again = queuedForce;
        queued = null;
        queuedForce = false;
        return refresh(again);
      });
    return queued;
  }

  const timer = setInterval(() => {
    refresh().then(
      () => failing && (log('database reachable again'), (failing = false)),
      (err: Error) => !failing && (log(`cannot read the registry (keeping version ${snapshot.version}): ${err.message}`), (failing = true))
    );
  }, pollMs);
  timer.unref?.();

  return {
    store,
    pool,
    current: () => snapshot,
    refresh,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      clearInterval(timer);
      // A queued reload settles after the running one and its own; read it first: the running one's end starts it and clears `queued`.
      await (queued ?? inFlight)?.catch(() => undefined);
      await pool.end();
    }
  };
}
