import { AUDIT_MEASUREMENT } from './audit';
import { quoteInfluxIdent, quoteInfluxString } from '../../core/line-protocol';
import { revokeSession } from './revocations';
import { SESSION_TTL_MS } from './session';

/**
 * Logouts outlive a restart and reach the other command centers: every logout is an audit entry that
 * names the session (`session <sid> until <exp>`), and each hub reads the last 12 hours of them at start
 * and then every SYNC_MS into its revocation list. A cookie copied before a logout thus stops working
 * everywhere within SYNC_MS, and stays refused after a restart.
 */
export const SYNC_MS = 15_000;

export function logoutDetail(address: string, sid: string, expiresAt: number): string {
  return `from ${address}; session ${sid} until ${expiresAt}`;
}

const DETAIL = /session ([A-Za-z0-9_-]{8,64}) until (\d{1,16})/;

/** Logout entries of the last session lifetime; `from` is auditSource(…) (server/influx.ts): the events policy. */
export function revocationsQuery(from = quoteInfluxIdent(AUDIT_MEASUREMENT)): string {
  const hours = Math.ceil(SESSION_TTL_MS / 3_600_000);
  return `SELECT "detail" FROM ${from} WHERE "action" = ${quoteInfluxString('logout')} AND time > now() - ${hours}h`;
}

/** Applies the sessions named in logout entries; returns how many were (still) live. */
export function applyLogoutRows(rows: ReadonlyArray<Record<string, unknown>>, nowMs: number): number {
  let n = 0;
  for (const row of rows) {
    const m = DETAIL.exec(String(row.detail ?? ''));
    const exp = m ? Number(m[2]) : 0;
    if (!m || exp <= nowMs) continue;
    revokeSession(m[1], exp, nowMs, false); // the caller checks open sockets once after the whole sync
    n++;
  }
  return n;
}
