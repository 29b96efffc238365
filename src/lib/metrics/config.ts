import { HOST_PATTERN, readIntEnv, readPatternEnv } from '../schemas/env';
import { PantauError } from '../core/errors';

/** Where a process serves its metrics; null = not at all. */
export type MetricsListen = { host: string; port: number } | null;

/**
 * Reads a `<X>_METRICS_PORT` / `<X>_METRICS_HOST` pair. The port: unset = `defaultPort`, `off` = no
 * endpoint, 0 = a free port the OS picks (tests; the bound port is logged). The host defaults to
 * loopback because metrics show internals (queue depths, failure counts): expose them on purpose.
 */
export function parseMetricsListen(env: Record<string, string | undefined>, portKey: string, hostKey: string, defaultPort: number): MetricsListen {
  if (env[portKey] === 'off') return null;
  const port = readIntEnv(env, portKey, defaultPort, 0, 65535);
  const host = readPatternEnv(env, hostKey, '127.0.0.1', HOST_PATTERN, 'a host name or address');
  return Object.freeze({ host, port });
}

/**
 * METRICS_TOKEN of the command center: a bearer token Prometheus sends (`authorization` in its scrape
 * config). Short tokens are refused: anyone who reaches the web port could guess them.
 */
export function parseMetricsToken(env: Record<string, string | undefined>): string {
  const token = env.METRICS_TOKEN ?? '';
  if (token && !/^[\x21-\x7e]{16,512}$/.test(token)) {
    throw new PantauError('CONFIG_METRICS_TOKEN', 'METRICS_TOKEN must be 16–512 printable characters without spaces');
  }
  return token;
}
