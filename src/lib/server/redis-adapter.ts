import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { backoffDelayMs, type BackoffPolicy } from '../core/backoff';
import { redactUrl } from '../core/redact-url';

/** How long start-up waits for Redis before going on without it (the clients keep reconnecting). */
export const REDIS_CONNECT_WAIT_MS = 5_000;
/** Reconnects: 100 ms doubling to 3 s, without jitter (each instance has its own two clients only). */
const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 3_000, jitter: 0 };

export interface RedisAdapterHandle {
  /** For `new Server({ adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/**
 * The Socket.IO Redis adapter for several command centers behind one load balancer: a publisher and a
 * subscriber client (node-redis; the subscriber cannot send other commands). Live data does not travel
 * through it: every instance subscribes to MQTT itself and emits to its own sockets only (`io.local`);
 * the adapter carries cluster-wide operations (fetchSockets, disconnectSockets, serverSideEmit, and any
 * non-local broadcast). A Redis that is down must not stop the live wall: start-up waits a few seconds,
 * then goes on while the clients keep reconnecting.
 */
export async function createRedisAdapter(url: string, log: (message: string) => void): Promise<RedisAdapterHandle> {
  let lastError = '';
  const pub = createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => backoffDelayMs(retries, RECONNECT_BACKOFF) }
  });
  const sub = pub.duplicate();
  // node-redis throws an unhandled 'error' without a listener; log each distinct error once.
  const onError = (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    log(`redis: ${err.message}`);
  };
  pub.on('error', onError);
  sub.on('error', onError);
  const connected = Promise.all([pub.connect(), sub.connect()]).then(() => true);
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), REDIS_CONNECT_WAIT_MS).unref());
  const up = await Promise.race([connected, timeout]).catch((err: Error) => {
    onError(err);
    return false;
  });
  log(up ? `socket.io redis adapter on ${redactUrl(url)}` : `redis at ${redactUrl(url)} not reachable yet; cluster operations wait for it`);
  return {
    adapter: createAdapter(pub, sub),
    async close() {
      // quit() waits for replies, which a client still reconnecting never gets: disconnect() those.
      const end = async (c: typeof pub) => (c.isReady ? c.quit() : c.disconnect());
      await Promise.allSettled([end(pub), end(sub)]);
    }
  };
}

/** The URL without its password, for logs (core: the ingest and the notifier log theirs too). */
export { redactUrl };
