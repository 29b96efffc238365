/**
 * What every registry endpoint shares: who may (engineers and admins), the JSON body, the audit
 * entry for every outcome (refusals too), and how a store result becomes a response. Validation
 * problems are data: 400 with `errors`, one line per problem.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { may, type Role } from '../auth/roles';
import { getServerAuth } from '../auth/server-auth';
import { auditDetail, refusalArgs, type AuditDetailFields } from '../../i18n/audit-detail';
import { getRegistry } from './handle';
import { readBody as readEditBody, refuse, reply, type Body } from '../edit-api';
import type { Registry } from './service';
import type { Actor, ChangeResult } from './store';

export { reply, refuse, type Body };

type Guarded = { ok: true; actor: Actor; registry: Registry } | { ok: false; response: Response };

/** The registry and the person acting, or the response that says why not (and is audited). */
export async function guard(event: RequestEvent, action: string, target = ''): Promise<Guarded> {
  const { user, role } = event.locals;
  if (!may(role, 'engineering')) {
    audit({ user, role }, action, target, false, auditDetail('registry.forbidden'));
    return { ok: false, response: refuse(403, ['the sensor registry is for engineers and admins'], 'FORBIDDEN') };
  }
  const registry = await getRegistry();
  if (!registry) return { ok: false, response: refuse(503, ['the sensor registry has no database (DATABASE_URL) or it cannot be reached'], 'REGISTRY_UNAVAILABLE') };
  return { ok: true, actor: { user, role }, registry };
}

/** `said`: a person's own words (an edit's reason) as they wrote them, or a coded detail (i18n/audit-detail.ts). */
export function audit(actor: Actor, action: string, target: string, ok: boolean, said: string | AuditDetailFields): void {
  const detail = typeof said === 'string' ? { detail: said } : said;
  getServerAuth().audit.record({ at: Date.now(), user: actor.user, role: actor.role as Role, action: `registry:${action}`, target, ok, ...detail });
}

/** A JSON object with a `reason` (every registry change says why); `revision` when present must be a positive integer. */
export function readBody(request: Request): Promise<Body> {
  return readEditBody(request, true);
}

/** Audits the outcome, makes this instance reload at once (others follow by polling), and answers. */
export async function finish(g: { actor: Actor; registry: Registry }, action: string, id: string, reason: string, result: ChangeResult, okStatus = 200): Promise<Response> {
  if (!result.ok) {
    audit(g.actor, action, id, false, auditDetail('edit.refused', { reason, ...refusalArgs(result.errors) }));
    return refuse(result.status, result.errors, result.status === 400 ? 'INVALID' : result.status === 404 ? 'NOT_FOUND' : 'CONFLICT');
  }
  audit(g.actor, action, id, true, reason);
  await g.registry.refresh().catch(() => undefined);
  return reply({ ok: true, sensor: result.sensor, version: result.version }, okStatus);
}
