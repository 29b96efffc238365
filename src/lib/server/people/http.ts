/**
 * What every /api/people and /api/teams endpoint shares: admins only (the `people` permission), the
 * JSON body, an audit entry for every outcome (refusals too; deletes carry a reason), and how a store
 * result becomes a response. Problems are data: 400 with `errors`, one line per problem. A push
 * subscription's keys never leave in an answer (rows.ts redactChannel).
 */
import type { RequestEvent } from '@sveltejs/kit';
import type pg from 'pg';
import { may, type Role } from '../auth/roles';
import { getServerAuth } from '../auth/server-auth';
import { auditDetail, refusalArgs, type AuditDetailFields } from '../../i18n/audit-detail';
import { getRegistry } from '../registry/handle';
import { readBody as readEditBody, refuse, reply, type Body } from '../edit-api';
import type { Actor, ChangeResult } from './change';
import { loginProblems as loginProblemsIn } from './route-checks';
import { createPeopleStore, type PeopleStore } from './store';

export { pathId } from './route-checks';

/** One store per pool: the store is stateless, this only saves rebuilding it per request. */
const stores = new WeakMap<pg.Pool, PeopleStore>();

export { reply, refuse, type Body };

export interface Guarded {
  actor: Actor;
  store: PeopleStore;
  /** The city's district names (from the registry's catalog), for subscription and team checks. */
  districts: string[];
}

export type Guard = ({ ok: true } & Guarded) | { ok: false; response: Response };

/** The store and the admin acting, or the response that says why not (and is audited). */
export async function guard(event: RequestEvent, action: string, target = ''): Promise<Guard> {
  const { user, role } = event.locals;
  if (!may(role, 'people')) {
    audit({ user, role }, action, target, false, auditDetail('people.forbidden'));
    return { ok: false, response: refuse(403, ['the people directory is for admins'], 'FORBIDDEN') };
  }
  const registry = await getRegistry();
  if (!registry) return { ok: false, response: refuse(503, ['the people directory has no database (DATABASE_URL) or it cannot be reached'], 'DIRECTORY_UNAVAILABLE') };
  let store = stores.get(registry.pool);
  if (!store) stores.set(registry.pool, (store = createPeopleStore(registry.pool)));
  return { ok: true, actor: { user, role }, store, districts: registry.current().catalog.districts.map((d) => d.name) };
}

/** `said`: a person's own words (an edit's reason) as they wrote them, or a coded detail (i18n/audit-detail.ts). */
export function audit(actor: Actor, action: string, target: string, ok: boolean, said: string | AuditDetailFields): void {
  const detail = typeof said === 'string' ? { detail: said } : said;
  getServerAuth().audit.record({ at: Date.now(), user: actor.user, role: actor.role as Role, action: `people:${action}`, target, ok, ...detail });
}

/** A JSON object; `reason` is required when asked (deletes), optional otherwise. */
export function readBody(request: Request, needReason = false): Promise<Body> {
  return readEditBody(request, needReason);
}

/** A schema refusal: audited (what was tried and why not) and answered 400 with every problem. */
export function invalid(g: Guarded, action: string, target: string, errors: string[]): Response {
  audit(g.actor, action, target, false, auditDetail('refused', refusalArgs(errors)));
  return refuse(400, errors, 'INVALID');
}

/** Audits the outcome and answers with the value under `key` and the new directory version. */
export function finish<T>(g: Guarded, action: string, target: string, detail: string, result: ChangeResult<T>, key: string, okStatus = 200): Response {
  if (!result.ok) {
    audit(g.actor, action, target, false, auditDetail('edit.refused', { reason: detail, ...refusalArgs(result.errors) }));
    return refuse(result.status, result.errors, result.status === 400 ? 'INVALID' : result.status === 404 ? 'NOT_FOUND' : 'CONFLICT');
  }
  audit(g.actor, action, target, true, detail);
  return reply({ ok: true, [key]: result.value, version: result.version }, okStatus);
}

/** route-checks.ts loginProblems with this command center's users (PANTAU_USERS). */
export function loginProblems(user: string | null | undefined): string[] {
  return loginProblemsIn(user, getServerAuth().gate.users);
}
