import { PantauError } from '../../src/lib/core/errors';

/**
 * Sorts a write failure into retry or drop (after Telegraf's influxdb_v2 output): network errors,
 * 429, 5xx, 401/403 (a credentials fix must not lose data) and 404 (InfluxDB 1.x: database not created
 * yet) are retried; other 4xx (400 bad lines, 413 too large, 422) mean the batch itself is unwritable
 * and retrying it would block everything behind it.
 */
export function classifyWriteError(error: unknown): PantauError {
  const status = (error as { statusCode?: number } | null)?.statusCode;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === 'number' && status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status)) {
    return new PantauError('INFLUX_REJECTED', `InfluxDB refused the batch (${status}): ${message.slice(0, 300)}`, false, { cause: error });
  }
  return new PantauError('INFLUX_UNAVAILABLE', `InfluxDB write failed: ${message.slice(0, 300)}`, true, { cause: error });
}

/** Exponential backoff with jitter: 250 ms, 500 ms, … capped. */
export function backoffMs(attempt: number, capMs = 30_000, random: () => number = Math.random): number {
  const base = Math.min(capMs, 250 * 2 ** Math.min(attempt, 20));
  return Math.round(base / 2 + random() * (base / 2));
}
