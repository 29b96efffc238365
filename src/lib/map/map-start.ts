import { backoffDelayMs, type BackoffPolicy } from '../core/backoff';
import type { PageProbe } from '../realtime/server-probe';

/**
 * How a map that could not start tries again: MapLibre's chunk lost to a network blip or WebGL not
 * there yet (a GPU process restarting) must not leave a wall's map blank for good. Jitter spreads the
 * walls of one control room that all lost the same deploy.
 */
export const MAP_START_RETRY: BackoffPolicy = { baseMs: 2_000, capMs: 60_000, jitter: 0.5 };

/**
 * An unattended kiosk reloads the whole page after this many failed starts: what a retry in the page
 * cannot mend (a release that renamed the chunks, a browser stuck without WebGL) a reload may.
 */
export const KIOSK_RELOAD_AFTER_FAILURES = 4;
/**
 * Reloads in a row (this tab) without a map that started, at most: a browser that never gets WebGL
 * would otherwise flash the whole wall every half minute; after these it keeps trying in the page.
 */
export const KIOSK_MAX_RELOADS = 3;
const RELOADS_KEY = 'pantau.map.reloads';

function reloadsTaken(storage: Pick<Storage, 'getItem'> | null): number {
  return Number(storage?.getItem(RELOADS_KEY)) || 0;
}

/** Whether a kiosk whose map failed `failures` times reloads the page now; counts the reload in this tab. */
export function takeKioskReload(failures: number, storage: Pick<Storage, 'getItem' | 'setItem'> | null): boolean {
  if (failures < KIOSK_RELOAD_AFTER_FAILURES) return false;
  const reloads = reloadsTaken(storage);
  if (reloads >= KIOSK_MAX_RELOADS) return false;
  storage?.setItem(RELOADS_KEY, String(reloads + 1));
  return true;
}

/**
 * After a failed map start: reloads the kiosk when takeKioskReload allows and the probe says the server
 * serves the page. Mostly the chunk failed because the server is away, and a reload then lands on an
 * error page without scripts for good: then it counts nothing, and the map keeps trying in the page.
 */
export async function reloadKioskIfServed(failures: number, storage: Pick<Storage, 'getItem' | 'setItem'> | null, probe: PageProbe, reload: () => void): Promise<boolean> {
  if (failures < KIOSK_RELOAD_AFTER_FAILURES || reloadsTaken(storage) >= KIOSK_MAX_RELOADS) return false;
  if (!(await probe()) || !takeKioskReload(failures, storage)) return false;
  reload();
  return true;
}

/** The map started: a later failure may reload the kiosk again. */
export function clearKioskReloads(storage: Pick<Storage, 'removeItem'> | null): void {
  storage?.removeItem(RELOADS_KEY);
}

export interface RetryOptions {
  policy?: BackoffPolicy;
  /** After each failure, with how many there have been so far (1 after the first). */
  onFailure(err: Error, failures: number): void;
  random?: () => number;
}

/**
 * Runs `attempt` until it resolves, waiting longer after each failure. Returns a function that stops
 * it: no further attempt starts after that (one running finishes; its caller checks for disposal).
 */
export function retryUntilStarted(attempt: () => Promise<void>, opts: RetryOptions): () => void {
  const policy = opts.policy ?? MAP_START_RETRY;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const run = async (): Promise<void> => {
    try {
      await attempt();
    } catch (err) {
      if (stopped) return;
      failures++;
      opts.onFailure(err instanceof Error ? err : new Error(String(err)), failures);
      timer = setTimeout(() => void run(), backoffDelayMs(failures - 1, policy, opts.random));
    }
  };
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
