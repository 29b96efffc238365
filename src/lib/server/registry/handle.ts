/**
 * The process's registry, shared between scripts/web.ts (which opens it at start, so migrations run
 * before the first request) and SvelteKit endpoints (a different module graph): one promise under a
 * Symbol.for key on globalThis, like the realtime hub. Under `vite dev` the first request opens it.
 */
import { loadWebConfig } from '../config';
import { loadCatalog } from '../catalog';
import { openRegistry, type Registry } from './service';

const REGISTRY_KEY = Symbol.for('pantau.registry');
/** After a failed open, requests get 503 for this long before the next attempt (the database may be starting). */
const RETRY_AFTER_MS = 5_000;

interface Slot {
  opening: Promise<Registry | null>;
  registry: Registry | null;
}
type RegistryGlobal = typeof globalThis & { [REGISTRY_KEY]?: Slot };

/** The open registry, or null when DATABASE_URL is unset or the database cannot be reached (logged). */
export function getRegistry(): Promise<Registry | null> {
  const g = globalThis as RegistryGlobal;
  if (g[REGISTRY_KEY]) return g[REGISTRY_KEY].opening;
  const config = loadWebConfig();
  if (!config.databaseUrl) return Promise.resolve(null);
  const slot: Slot = { registry: null, opening: Promise.resolve(null) };
  slot.opening = openRegistry({ databaseUrl: config.databaseUrl, fileCatalog: loadCatalog(config.catalogPath) }).then(
    (registry) => (slot.registry = registry),
    (err: Error) => {
      console.error(`[registry] cannot open the sensor registry (serving the catalog file): ${err.message}`);
      setTimeout(() => g[REGISTRY_KEY] === slot && delete g[REGISTRY_KEY], RETRY_AFTER_MS).unref?.();
      return null;
    }
  );
  g[REGISTRY_KEY] = slot;
  return slot.opening;
}

/** The registry if it is open already; never waits (for synchronous readers such as getServerContext). */
export function findRegistry(): Registry | null {
  return (globalThis as RegistryGlobal)[REGISTRY_KEY]?.registry ?? null;
}

export async function closeRegistry(): Promise<void> {
  const g = globalThis as RegistryGlobal;
  const slot = g[REGISTRY_KEY];
  delete g[REGISTRY_KEY];
  await (await slot?.opening)?.close();
}
