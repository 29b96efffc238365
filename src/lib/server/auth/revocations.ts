/**
 * Sessions ended by logging out, until they would have expired anyway. One list per process, shared
 * through a Symbol.for key on globalThis because SvelteKit code (logout) and the Socket.IO gate live
 * in different module graphs. Bounded: entries leave at their expiry, and past MAX_REVOKED the
 * soonest to expire go first. Kept in memory: a restart of the web forgets them (documented).
 */
export const MAX_REVOKED = 100_000;
const KEY = Symbol.for('pantau.revokedSessions');

type RevokedGlobal = typeof globalThis & { [KEY]?: Map<string, number> };

function store(): Map<string, number> {
  const g = globalThis as RevokedGlobal;
  g[KEY] ??= new Map();
  return g[KEY];
}

export function revokeSession(sid: string, expiresAt: number, nowMs: number): void {
  const revoked = store();
  if (revoked.size >= MAX_REVOKED) {
    for (const [id, exp] of revoked) if (exp <= nowMs) revoked.delete(id);
    while (revoked.size >= MAX_REVOKED) {
      let soonest: string | undefined;
      let soonestExp = Infinity;
      for (const [id, exp] of revoked) if (exp < soonestExp) [soonest, soonestExp] = [id, exp];
      revoked.delete(soonest!);
    }
  }
  revoked.set(sid, expiresAt);
}

export function isSessionRevoked(sid: string, nowMs: number): boolean {
  const revoked = store();
  const exp = revoked.get(sid);
  if (exp === undefined) return false;
  if (exp <= nowMs) revoked.delete(sid);
  return true;
}
