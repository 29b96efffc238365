import { PantauError } from '../core/errors';
import type { RealtimeHub } from './realtime';

/**
 * Hands the realtime hub from the code that owns the http.Server (scripts/web.ts, the Vite plugin)
 * to SvelteKit endpoints. They live in different module graphs, so a module variable would be two
 * variables; a Symbol.for key on globalThis is one per process.
 */
const HUB_KEY = Symbol.for('pantau.realtimeHub');

type HubGlobal = typeof globalThis & { [HUB_KEY]?: RealtimeHub };

export function setRealtimeHub(hub: RealtimeHub | undefined): void {
  (globalThis as HubGlobal)[HUB_KEY] = hub;
}

export function findRealtimeHub(): RealtimeHub | undefined {
  return (globalThis as HubGlobal)[HUB_KEY];
}

/** The hub, or a 503-worthy error when the server was started without one (plain `vite preview`). */
export function getRealtimeHub(): RealtimeHub {
  const hub = findRealtimeHub();
  if (!hub) throw new PantauError('HUB_MISSING', 'realtime hub is not running in this process');
  return hub;
}
