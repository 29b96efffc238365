import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../core/events';

export type PantauSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The one Socket.IO client of the page: same origin, typed with the core event maps. */
export function createSocket(user: () => string, url?: string): PantauSocket {
  const options: Parameters<typeof io>[1] = {
    // Read on every (re)connect: the server records this name with each action (see server/identity.ts).
    auth: (cb) => cb(user() ? { user: user() } : {}),
    // Reconnect forever, backing off to 10 s: a wall display must come back by itself after any outage.
    reconnection: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    autoConnect: false
  };
  // Same origin in the page; tests pass the server's URL.
  return url ? io(url, options) : io(options);
}
