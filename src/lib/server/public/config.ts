import { readIntEnv, type Env } from '../../schemas/env';

/**
 * Limits of what anyone may ask without logging in: the public page and its data, and the open
 * data API. Per client address (client-address.ts: behind a proxy set ADDRESS_HEADER, else every
 * resident shares the proxy's budget). Read by config.ts with the rest of the web's settings.
 */
export interface PublicConfig {
  /** PANTAU_PUBLIC_RATE (default 5/s) and PANTAU_PUBLIC_BURST (20): /publik and /api/public/summary per address. */
  ratePerS: number;
  burst: number;
  /** PANTAU_PUBLIC_CACHE_MS (default 5000): how long one built summary answers every request. */
  cacheMs: number;
  /** PANTAU_OPEN_RATE_PER_MIN (default 30) and PANTAU_OPEN_BURST (10): /api/open/* per address; each is an InfluxDB query. */
  openPerMin: number;
  openBurst: number;
  /** PANTAU_OPEN_CONCURRENT (default 4): open data queries running at once in all; more wait for none and get 503. */
  openConcurrent: number;
}

export function parsePublicConfig(env: Env): PublicConfig {
  return Object.freeze({
    ratePerS: readIntEnv(env, 'PANTAU_PUBLIC_RATE', 5, 1, 100_000),
    burst: readIntEnv(env, 'PANTAU_PUBLIC_BURST', 20, 1, 100_000),
    cacheMs: readIntEnv(env, 'PANTAU_PUBLIC_CACHE_MS', 5_000, 0, 300_000),
    openPerMin: readIntEnv(env, 'PANTAU_OPEN_RATE_PER_MIN', 30, 1, 100_000),
    openBurst: readIntEnv(env, 'PANTAU_OPEN_BURST', 10, 1, 100_000),
    openConcurrent: readIntEnv(env, 'PANTAU_OPEN_CONCURRENT', 4, 1, 100)
  });
}
