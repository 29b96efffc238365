import { PantauError } from '../core/errors';

/** What a caller reads when the reading store fails: the same words whatever InfluxDB said. */
export const STORE_UNAVAILABLE = 'the reading store is not available; try again shortly';

/**
 * A read that failed in InfluxDB (down, database not created yet) → a 503 answer naming only its code;
 * anything else is not for this function (null: rethrow). InfluxDB's own message (its address, a
 * connection error, the query) is for the server's log, not for a viewer who may be anonymous.
 */
export function storeUnavailable(err: unknown, what: string): { status: 503; body: { error: string; code: string } } | null {
  if (!(err instanceof PantauError) || !err.code.startsWith('INFLUX_')) return null;
  console.error(`[web] ${what}: ${err.message}`);
  return { status: 503, body: { error: STORE_UNAVAILABLE, code: err.code } };
}
