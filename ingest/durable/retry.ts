import { backoffDelayMs } from '../../src/lib/core/backoff';
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
    return new PantauError('INFLUX_REJECTED', `InfluxDB refused the batch (${status}): ${message.slice(0, 300)}`, { cause: error });
  }
  return new PantauError('INFLUX_UNAVAILABLE', `InfluxDB write failed: ${message.slice(0, 300)}`, { cause: error });
}

/**
 * Write retries: 250 ms, 500 ms, … capped, each between half and all of that: the journal keeps the
 * data meanwhile, so the half that is fixed costs nothing and keeps a dead InfluxDB from being hammered.
 */
export function backoffMs(attempt: number, capMs = 30_000, random: () => number = Math.random): number {
  return backoffDelayMs(attempt, { baseMs: 250, capMs, jitter: 0.5 }, random);
}
