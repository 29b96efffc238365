import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findRealtimeHub } from '$lib/server/hub-handle';
import { createKeyedBuckets } from '$lib/server/rate-budget';
import { ACTION_REFUSALS } from '$lib/core/alert-lifecycle';
import { addressKey } from '$lib/server/auth/rate-limit';

/** Same budget as a socket's: a burst of 20 actions, then 2 per second, per person (or address when anonymous). */
const budgets = createKeyedBuckets(20, 2);

// A request that can never succeed as sent is 400; one the alert's state refuses (already resolved) stays 409.
const INVALID = [ACTION_REFUSALS.badAssignee, ACTION_REFUSALS.emptyComment, ACTION_REFUSALS.longComment, ACTION_REFUSALS.controlInComment, ACTION_REFUSALS.badStepId, ACTION_REFUSALS.badStepDone, ACTION_REFUSALS.tooManySteps, ACTION_REFUSALS.unknownAction];
const STATUS: Record<string, number> = {
  forbidden: 403, 'bad action': 400, 'unknown alert': 404, 'unknown step': 400, 'server busy, try again': 503, 'server error, try again': 503,
  ...Object.fromEntries(INVALID.map((e) => [e, 400]))
};

/**
 * Alert actions over HTTP, for when Socket.IO is not available (a full server, a proxy without
 * WebSockets, a script): `POST /api/alerts/<id>/actions` with `{ action, assignee?, text?, stepId?, done? }`.
 * The same checks, storage, broadcast and audit as `alert:action`; CSRF is refused in hooks.server.ts.
 */
export const POST: RequestHandler = async ({ request, params, locals, getClientAddress }) => {
  const hub = findRealtimeHub();
  if (!hub) return json({ error: 'realtime hub is not running', code: 'HUB_MISSING' }, { status: 503 });
  const identity = locals.identity ?? { user: 'anonymous', role: 'anonymous' as const };
  const key = identity.role === 'anonymous' ? `@${addressKey(getClientAddress())}` : identity.user;
  if (!budgets.take(key, Date.now())) return json({ ok: false, error: 'too many requests' }, { status: 429 });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ ok: false, error: 'body must be JSON' }, { status: 400 });
  }
  const result = await hub.actAs(identity, { ...(body && typeof body === 'object' ? body : {}), alertId: params.id });
  const status = result.ok ? 200 : (STATUS[result.error] ?? 409);
  return json(result, { status, headers: { 'cache-control': 'no-store' } });
};
