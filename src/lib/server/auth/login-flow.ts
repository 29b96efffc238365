import type { ServerAuth } from './server-auth';
import type { LoginResult } from './gate';
import { USER_NAME_PATTERN } from './users';
import { auditDetail } from '../../i18n/audit-detail';

export const MAX_PASSWORD_CHARS = 1_024;

const PROBE_ORIGIN = 'http://pantau.invalid';

/**
 * Only paths of this site: `next=//evil.example` or `https://…` would turn login into an open redirect,
 * and control characters (a tab, CR LF) or backslashes are refused outright: browsers strip or
 * reinterpret them, and CR LF would break the Location header.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2_000 || !next.startsWith('/') || next.startsWith('//')) return '/';
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(next)) return '/';
  try {
    const url = new URL(next, PROBE_ORIGIN);
    return url.origin === PROBE_ORIGIN ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}

/** Checks the password (rate-limited in the gate) and records the attempt, good or bad, in the audit log. */
export async function loginAndAudit(auth: ServerAuth, user: unknown, password: unknown, address: string): Promise<LoginResult> {
  const name = typeof user === 'string' ? user.trim() : '';
  const secret = typeof password === 'string' ? password : '';
  const result: LoginResult =
    USER_NAME_PATTERN.test(name) && secret.length > 0 && secret.length <= MAX_PASSWORD_CHARS
      ? await auth.gate.login(name, secret, address, Date.now())
      : { ok: false, reason: 'invalid' };
  // A name that is not a valid user name is recorded as such, not copied into the log.
  const shownName = USER_NAME_PATTERN.test(name) ? name : '(invalid name)';
  auth.audit.record({
    at: Date.now(),
    user: result.ok ? result.identity.user : shownName,
    role: result.ok ? result.identity.role : 'anonymous',
    action: 'login',
    target: shownName,
    ok: result.ok,
    ...(result.ok ? auditDetail('login.ok', { address }) : auditDetail('login.refused', { reason: result.reason, address })),
    // Attempts for names that are no user, and refusals by a budget before any password was checked
    // (a flood sends thousands), are summarised per window, not stored one by one (audit-summary.ts).
    unknownUser: !result.ok && !auth.gate.users.has(name),
    throttled: !result.ok && (result.reason === 'rate_limited' || result.reason === 'busy')
  });
  return result;
}
