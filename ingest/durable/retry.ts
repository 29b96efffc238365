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
 * Lines of a refused request that InfluxDB did not store. A "partial write" stored the rest: its
 * reason says `dropped=N` for points it refused (a field type conflict, outside the retention policy)
 * and, in v1, names each line it could not parse (`unable to parse '…'`, those come with dropped=0).
 * v1 answers 400 with the reason under `error`; v2 answers 422 with it under `message`, after a prefix
 * ("failure writing points to database: partial write: …"). Any other refusal stored nothing. When one
 * request had both kinds, v1 reports only the first, so the count can be short then; it is the best
 * the answer tells.
 */
export function refusedLines(error: unknown, count: number): number {
  const body = (error as { body?: unknown } | null)?.body;
  if (typeof body !== 'string' || !body.includes('partial write:')) return count;
  let parsed: { error?: unknown; message?: unknown };
  try {
    parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
  } catch {
    return count;
  }
  const text = [parsed?.error, parsed?.message].find((t): t is string => typeof t === 'string' && t.includes('partial write:'));
  if (text === undefined) return count;
  const reason = text.slice(text.indexOf('partial write:'));
  const dropped = /dropped=(\d+)\s*$/.exec(reason);
  if (!dropped) return count;
  const unparsed = reason.split("unable to parse '").length - 1;
  return Math.min(count, Number(dropped[1]) + unparsed);
}

/**
 * Write retries: 250 ms, 500 ms, … capped, each between half and all of that: the journal keeps the
 * data meanwhile, so the half that is fixed costs nothing and keeps a dead InfluxDB from being hammered.
 */
export function backoffMs(attempt: number, capMs = 30_000, random: () => number = Math.random): number {
  return backoffDelayMs(attempt, { baseMs: 250, capMs, jitter: 0.5 }, random);
}
