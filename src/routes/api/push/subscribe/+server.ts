import { json, type RequestEvent } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getServerAuth } from '$lib/server/auth/server-auth';
import { auditDetail, refusalArgs, type AuditDetailFields } from '$lib/i18n/audit-detail';
import { isUserRole, type Role } from '$lib/server/auth/roles';
import { getRegistry } from '$lib/server/registry/handle';
import { createKeyedBuckets } from '$lib/server/rate-budget';
import {
  MAX_BODY_BYTES,
  findResponder,
  parsePushSubscription,
  removePushSubscription,
  savePushSubscription,
  type Responder
} from '$lib/server/people/push-subscriptions';
import type pg from 'pg';

/**
 * `POST /api/push/subscribe` with a browser's PushSubscription JSON: the signed-in person's phone
 * receives alerts by Web Push from now on. `DELETE` with `{endpoint}` stops it. The person is the one
 * whose login is the session's user (the people directory); every outcome is audited, refusals too.
 */

const NO_STORE = { 'cache-control': 'no-store' };
/** A phone subscribes once per install; a burst of 20, then one every 10 s, per person. */
const budgets = createKeyedBuckets(20, 0.1);

const reply = (body: Record<string, unknown>, status = 200) => json(body, { status, headers: NO_STORE });
const refuse = (status: number, code: string, errors: string[]) => reply({ ok: false, code, errors }, status);

function audit(event: RequestEvent, action: string, target: string, ok: boolean, said: AuditDetailFields): void {
  getServerAuth().audit.record({ at: Date.now(), user: event.locals.user, role: event.locals.role as Role, action: `push:${action}`, target, ok, ...said });
}

/** Where a subscription points, for the audit log: the push service's host, never the endpoint itself (it is a capability). */
function serviceOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return '?';
  }
}

type Ready = { ok: true; pool: pg.Pool; responder: Responder; body: unknown } | { ok: false; response: Response };

/** The person acting, the database and the JSON body, or the response that says why not. */
async function prepare(event: RequestEvent, action: string): Promise<Ready> {
  const { locals, request } = event;
  // The person is answered in the sentence the log keeps in English; the log's reader sees it in their language.
  const fail = (status: number, code: string, said: AuditDetailFields): Ready => {
    audit(event, action, '', false, said);
    return { ok: false, response: refuse(status, code, [said.detail]) };
  };
  if (!isUserRole(locals.role)) return { ok: false, response: refuse(401, 'UNAUTHENTICATED', ['log in to receive alerts on this device']) };
  if (!budgets.take(locals.user, Date.now())) return { ok: false, response: refuse(429, 'RATE_LIMITED', ['too many requests, try again in a minute']) };
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return fail(413, 'TOO_LARGE', auditDetail('push.tooLarge', { max: MAX_BODY_BYTES }));
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return fail(413, 'TOO_LARGE', auditDetail('push.tooLarge', { max: MAX_BODY_BYTES }));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail(400, 'BAD_BODY', auditDetail('push.badBody'));
  }
  const registry = await getRegistry();
  if (!registry) return { ok: false, response: refuse(503, 'DIRECTORY_UNAVAILABLE', ['the people directory has no database (DATABASE_URL) or it cannot be reached']) };
  const responder = await findResponder(registry.pool, locals.user);
  if (!responder) {
    return fail(409, 'NO_PERSON', auditDetail('push.noPerson', { login: locals.user }));
  }
  return { ok: true, pool: registry.pool, responder, body };
}

export const POST: RequestHandler = async (event) => {
  const ready = await prepare(event, 'subscribe');
  if (!ready.ok) return ready.response;
  const parsed = parsePushSubscription(ready.body);
  if (!parsed.ok) {
    audit(event, 'subscribe', ready.responder.personId, false, auditDetail('refused', refusalArgs(parsed.errors)));
    return refuse(400, 'INVALID', parsed.errors);
  }
  const result = await savePushSubscription(ready.pool, ready.responder.personId, parsed.value);
  if (!result.ok) {
    audit(event, 'subscribe', ready.responder.personId, false, auditDetail('refused', refusalArgs(result.errors)));
    return refuse(result.status, 'CONFLICT', result.errors);
  }
  const s = result.value;
  const args = { channelId: s.channelId, service: serviceOf(parsed.value.endpoint), ...(s.movedFrom ? { movedFrom: s.movedFrom } : {}), ...(s.dropped > 0 ? { dropped: s.dropped } : {}) };
  audit(event, 'subscribe', ready.responder.personId, true, auditDetail(s.created ? 'push.subscribed' : 'push.refreshed', args));
  return reply({ ok: true, personId: ready.responder.personId, channelId: s.channelId, created: s.created, version: result.version }, s.created ? 201 : 200);
};

export const DELETE: RequestHandler = async (event) => {
  const ready = await prepare(event, 'unsubscribe');
  if (!ready.ok) return ready.response;
  const endpoint = (ready.body as { endpoint?: unknown } | null)?.endpoint;
  if (typeof endpoint !== 'string' || endpoint.length === 0 || endpoint.length > 2048) {
    audit(event, 'unsubscribe', ready.responder.personId, false, auditDetail('push.badEndpoint'));
    return refuse(400, 'INVALID', ['endpoint must be the subscription’s endpoint URL']);
  }
  const result = await removePushSubscription(ready.pool, ready.responder.personId, endpoint);
  if (!result.ok) {
    audit(event, 'unsubscribe', ready.responder.personId, false, auditDetail('refused', refusalArgs(result.errors)));
    return refuse(result.status, 'NOT_FOUND', result.errors);
  }
  audit(event, 'unsubscribe', ready.responder.personId, true, auditDetail('push.removed', { channelId: result.value.channelId, service: serviceOf(endpoint) }));
  return reply({ ok: true, personId: ready.responder.personId, channelId: result.value.channelId, version: result.version });
};
