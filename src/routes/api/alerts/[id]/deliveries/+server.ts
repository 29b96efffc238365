import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findRealtimeHub } from '$lib/server/hub-handle';
import { getServerContext } from '$lib/server/context';
import { isUserRole } from '$lib/server/auth/roles';
import { createKeyedBuckets } from '$lib/server/rate-budget';
import { mergeDeliveries, readDeliveries } from '$lib/server/deliveries/history';

/**
 * One small InfluxDB read per request (time-bounded from the alert's raise): the console opens every
 * open alert's timeline at once, so a burst of 120, then 5 per second, per person.
 */
const budgets = createKeyedBuckets(120, 5);

/**
 * `GET /api/alerts/<id>/deliveries`: who the notifier reached about an alert, how and when, oldest first
 * (InfluxDB's `deliveries`, with what the hub heard live and may not be stored yet). People's names and
 * ways of reaching them: for signed-in people only, not anonymous viewers or the wall's kiosk.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
  if (!isUserRole(locals.role)) return json({ error: 'sign in to see deliveries', code: 'FORBIDDEN' }, { status: 403 });
  if (!budgets.take(locals.user, Date.now())) return json({ error: 'too many requests' }, { status: 429 });
  const alertId = params.id.slice(0, 200);
  const live = findRealtimeHub()?.deliveries(alertId) ?? [];
  const headers = { 'cache-control': 'no-store' };
  try {
    const stored = await readDeliveries(getServerContext().influx, alertId);
    return json({ alertId, deliveries: mergeDeliveries(stored, live), complete: true }, { headers });
  } catch (err) {
    // InfluxDB away: what was heard live is still worth showing, marked as partial. Logged, so a bug is not hidden as an outage.
    console.error(`[deliveries] history of ${JSON.stringify(alertId)} not read: ${(err as Error).message.slice(0, 300)}`);
    return json({ alertId, deliveries: mergeDeliveries([], live), complete: false }, { headers });
  }
};
