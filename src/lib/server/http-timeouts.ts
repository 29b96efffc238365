/**
 * How long the command center's HTTP server waits on a client, in place of Node 20's defaults (headers 60 s,
 * a whole request 300 s, checked only every 30 s): a client sending its headers a byte at a time (slowloris) held
 * each of its connections for a minute or more. Node applies both timeouts only while a request is being
 * received: a response that takes long (a Socket.IO long-poll, held up to its 25 s ping) and an upgraded
 * websocket are never cut by them (tests/integration/http-timeouts.test.ts).
 */
import { readIntEnv } from '../schemas/env';

export interface HttpTimeouts {
  /** PANTAU_HTTP_HEADERS_TIMEOUT_S: from a connection's first byte (or its silence) to the end of the request's headers. */
  headersTimeoutMs: number;
  /** PANTAU_HTTP_REQUEST_TIMEOUT_S: to the end of the request's body; the registry import's upload must fit. */
  requestTimeoutMs: number;
  /** PANTAU_HTTP_KEEPALIVE_TIMEOUT_S: how long an idle keep-alive connection is kept for the browser's next request. */
  keepAliveTimeoutMs: number;
}

/** A browser sends its headers in one packet; 20 s leaves room for a congested mobile link. */
export const DEFAULT_HEADERS_TIMEOUT_S = 20;
/** The slow uplink the registry import must still fit through: 512 kbit/s, a degraded backup link of a control room. */
export const SLOW_UPLINK_BITS_PER_S = 512_000;
/** body-limit's SERVER_BODY_BYTES (6 MB) at SLOW_UPLINK_BITS_PER_S takes about 98 s (http-timeouts.test.ts). */
export const DEFAULT_REQUEST_TIMEOUT_S = 120;
/** Node's own default, made explicit; behind a proxy set it above the proxy's upstream idle timeout. */
export const DEFAULT_KEEPALIVE_TIMEOUT_S = 5;
/** How often Node looks for connections past their timeout: at its 30 s default one lingered up to 30 s more. */
export const CONNECTIONS_CHECK_MS = 1_000;

export function parseHttpTimeouts(env: Record<string, string | undefined>): HttpTimeouts {
  const requestS = readIntEnv(env, 'PANTAU_HTTP_REQUEST_TIMEOUT_S', DEFAULT_REQUEST_TIMEOUT_S, 1, 3_600);
  // Node refuses to start with headersTimeout above requestTimeout: said here, by name.
  const headersS = readIntEnv(env, 'PANTAU_HTTP_HEADERS_TIMEOUT_S', Math.min(DEFAULT_HEADERS_TIMEOUT_S, requestS), 1, requestS);
  const keepAliveS = readIntEnv(env, 'PANTAU_HTTP_KEEPALIVE_TIMEOUT_S', DEFAULT_KEEPALIVE_TIMEOUT_S, 1, 600);
  return Object.freeze({ headersTimeoutMs: headersS * 1000, requestTimeoutMs: requestS * 1000, keepAliveTimeoutMs: keepAliveS * 1000 });
}

/** The options for `http.createServer` (the checking interval can only be given there). */
export function httpServerOptions(t: HttpTimeouts) {
  return { headersTimeout: t.headersTimeoutMs, requestTimeout: t.requestTimeoutMs, keepAliveTimeout: t.keepAliveTimeoutMs, connectionsCheckingInterval: CONNECTIONS_CHECK_MS };
}

