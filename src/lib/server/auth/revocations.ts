/**
 * Sessions ended by logging out, until they would have expired anyway. One list per process, shared
 * through a Symbol.for key on globalThis because SvelteKit code (logout) and the Socket.IO gate live
 * in different module graphs. Bounded: entries leave at their expiry, and past MAX_REVOKED the
 * soonest to expire go first. Kept in memory: a restart of the web forgets them (documented).
 */
export const MAX_REVOKED = 100_000;
const KEY = Symbol.for('pantau.revokedSessions');
const LISTENERS = Symbol.for('pantau.revokedSessionListeners');

type RevokedGlobal = typeof globalThis & { [KEY]?: Map<string, number>; [LISTENERS]?: Set<() => void> };

function store(): Map<string, number> {
  const g = globalThis as RevokedGlobal;
  g[KEY] ??= new Map();
  return g[KEY];
}

function listeners(): Set<() => void> {
  const g = globalThis as RevokedGlobal;
  g[LISTENERS] ??= new Set();
  return g[LISTENERS];
}

/**
 * Called when a logout in this process revokes a session not yet in the list: the Socket.IO hub then
 * ends that session's open sockets at once. Logouts synced from other command centers are not told one
 * by one (a sync may bring many): the hub checks its sockets after each sync. Returns the unsubscriber.
 */
export function onSessionRevoked(listener: () => void): () => void {
  listeners().add(listener);
  return () => void listeners().delete(listener);
}

export function revokeSession(sid: string, expiresAt: number, nowMs: number, notify = true): void {
  const revoked = store();
  const fresh = !revoked.has(sid);
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
  if (!fresh || !notify) return;
  for (const listener of listeners()) {
    try {
      listener();
    } catch (err) {
      // The logout itself stands; the next periodic check ends the sockets instead.
      console.error(`[auth] ending the sockets of a revoked session failed: ${(err as Error).message}`);
    }
  }
}

export function isSessionRevoked(sid: string, nowMs: number): boolean {
  const revoked = store();
  const exp = revoked.get(sid);
  if (exp === undefined) return false;
  if (exp <= nowMs) revoked.delete(sid);
  return true;
}
