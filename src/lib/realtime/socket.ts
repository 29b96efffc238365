import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../core/events';

export type PantauSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The one Socket.IO client of the page: same origin, typed with the core event maps. */
/** A wall display opened as `/?kiosk=<token>` hands the token to the socket handshake too. */
function kioskToken(): string | null {
  return typeof location === 'undefined' ? null : new URL(location.href).searchParams.get('kiosk');
}

export function createSocket(url?: string): PantauSocket {
  const options: Parameters<typeof io>[1] = {
    // Who acts is decided by the server from the session cookie (sent automatically, same origin)
    // or a kiosk token; read on every (re)connect.
    auth: (cb) => {
      const kiosk = kioskToken();
      cb(kiosk ? { kiosk } : {});
    },
    // Reconnect forever, backing off to 10 s: a wall display must come back by itself after any outage.
    reconnection: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    autoConnect: false
  };
  // Same origin in the page; tests pass the server's URL.
  return url ? io(url, options) : io(options);
}
