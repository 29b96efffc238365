import { createKeyedBuckets, type KeyedBuckets } from './rate-budget';

/**
 * How fast and how many live connections one client address may open, beyond the caps on sockets held
 * (socket-hub.ts hasRoom). Two stages, as Socket.IO has two:
 * - the engine.io handshake (one HTTP request, before anyone is identified): an address may hold at most
 *   `maxPendingPerAddress` sessions that have not joined yet, and each is closed if it has not joined within
 *   JOIN_TIMEOUT_MS. Socket.IO's own default kept a bare handshake 45 s and counted nothing, so one address
 *   could hold as many as it could open. A browser joins within milliseconds of its handshake.
 * - joining as an anonymous viewer: each admitted join costs a token from the address's bucket
 *   (burst = the per-address socket cap, refilled at `connectsPerMinute`). A join is what costs the server
 *   (a snapshot of every sensor and open alert), so churning sockets under the cap is bounded too.
 * Refused attempts cost no token: a screen that retries while refused gets in as soon as the bucket refills,
 * and can never extend its own wait. The wall retries a refusal after 15 s (realtime/live.svelte.ts), which
 * refills 15 tokens at the default rate; socket.io's own reconnects after a network blip (0.5–10 s apart)
 * each cost one token, so even a link flapping every second keeps the wall connected more often than not.
 */
export const JOIN_TIMEOUT_MS = 10_000;
/** Unjoined engine.io sessions one address may hold: a control room behind one NAT reconnecting at once stays well under it. */
export const DEFAULT_MAX_PENDING_PER_ADDRESS = 32;
export const DEFAULT_CONNECTS_PER_MIN = 60;
export const REFUSED_CONNECT_RATE = 'too many connections from this address';
/** Sent in the 403 body of a refused handshake; socket.io-client sees it as a transport error and backs off. */
export const REFUSED_PENDING = 'too many unfinished connections from this address';
/** Addresses whose join budget is remembered; the least recently used goes first (a full bucket is the same as none). */
const MAX_TRACKED_ADDRESSES = 10_000;

export interface PendingSessions {
  /** Whether this address may open one more session. */
  allows(address: string): boolean;
  opened(session: object, address: string): void;
  /** The session joined or closed; safe to call twice. */
  settled(session: object): void;
  /** Unjoined sessions in all. */
  size(): number;
}

/** Bounded by the sessions actually open: an address's entry goes when its last session settles. */
export function createPendingSessions(maxPerAddress: number): PendingSessions {
  const perAddress = new Map<string, number>();
  const addressOf = new Map<object, string>();
  return {
    allows: (address) => (perAddress.get(address) ?? 0) < maxPerAddress,
    opened(session, address) {
      if (addressOf.has(session)) return;
      addressOf.set(session, address);
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    },
    settled(session) {
      const address = addressOf.get(session);
      if (address === undefined) return;
      addressOf.delete(session);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    },
    size: () => addressOf.size
  };
}

/** Anonymous joins per address: `burst` at once, then `perMinute`. */
export function createJoinBudget(burst: number, perMinute: number): KeyedBuckets {
  return createKeyedBuckets(burst, perMinute / 60, MAX_TRACKED_ADDRESSES);
}
