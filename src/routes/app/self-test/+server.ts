import { json, type RequestEvent } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getServerAuth } from '$lib/server/auth/server-auth';
import { isUserRole, type Role } from '$lib/server/auth/roles';
import { getRegistry } from '$lib/server/registry/handle';
import { getChannelTests } from '$lib/server/people/channel-test';
import { findResponder } from '$lib/server/people/push-subscriptions';
import { createPeopleStore } from '$lib/server/people/store';
import { selfTestAudit, selfTestResults, startSelfTest } from '$lib/server/people/self-test';
import type { AuditDetailFields } from '$lib/i18n/audit-detail';

/**
 * The responder app's "send me a test notification". POST: a test message through each of the
 * signed-in person's channels (the admin channel test's path and limits), answered 202 with the
 * channels and their request ids; audited. GET `?requests=<id>,<id>`: the answers so far, only for
 * this person's requests. The person is the one whose login is the session's user, never a parameter.
 */

const NO_STORE = { 'cache-control': 'no-store' };
const reply = (body: Record<string, unknown>, status = 200) => json(body, { status, headers: NO_STORE });
const refuse = (status: number, code: string, error: string) => reply({ ok: false, code, errors: [error] }, status);

function audit(event: RequestEvent, target: string, ok: boolean, said: AuditDetailFields): void {
  getServerAuth().audit.record({ at: Date.now(), user: event.locals.user, role: event.locals.role as Role, action: 'people:self-test', target, ok, ...said, detail: said.detail.slice(0, 500) });
}

async function responderOf(event: RequestEvent) {
  if (!isUserRole(event.locals.role)) return { ok: false as const, response: refuse(401, 'UNAUTHENTICATED', 'log in to test your notifications') };
  const registry = await getRegistry();
  if (!registry) return { ok: false as const, response: refuse(503, 'NO_DIRECTORY', 'the people directory is not configured') };
  const responder = await findResponder(registry.pool, event.locals.user);
  if (!responder) return { ok: false as const, response: refuse(404, 'NOT_A_PERSON', `the login "${event.locals.user}" is not a person in the directory`) };
  return { ok: true as const, pool: registry.pool, responder };
}

export const POST: RequestHandler = async (event) => {
  const r = await responderOf(event);
  if (!r.ok) return r.response;
  const person = await createPeopleStore(r.pool).getPerson(r.responder.personId);
  const channels = await startSelfTest(getChannelTests(), event.locals.user, r.responder.personId, person?.channels ?? []);
  const asked = channels.filter((c) => c.requestId);
  audit(event, r.responder.personId, asked.length > 0, selfTestAudit(channels));
  return reply({ ok: true, channels }, asked.length > 0 ? 202 : 200);
};

export const GET: RequestHandler = async (event) => {
  const r = await responderOf(event);
  if (!r.ok) return r.response;
  const ids = (event.url.searchParams.get('requests') ?? '').split(',').filter(Boolean);
  return reply({ ok: true, results: selfTestResults(getChannelTests(), r.responder.personId, ids) });
};
