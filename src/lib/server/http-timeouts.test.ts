import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { DEFAULT_REQUEST_TIMEOUT_S, httpServerOptions, parseHttpTimeouts, SLOW_UPLINK_BITS_PER_S } from './http-timeouts';
import { SERVER_BODY_BYTES } from './body-limit';

describe('HTTP server timeouts', () => {
  it('default to well under Node 20 (60 s headers, 300 s request), with the largest body still fitting a slow uplink', () => {
    expect(parseHttpTimeouts({})).toEqual({ headersTimeoutMs: 20_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000 });
    const uploadS = (SERVER_BODY_BYTES * 8) / SLOW_UPLINK_BITS_PER_S;
    expect(uploadS).toBeGreaterThan(60);
    expect(uploadS * 1.1).toBeLessThan(DEFAULT_REQUEST_TIMEOUT_S);
  });

  it('are read in seconds and refused when out of range, headers never past the request', () => {
    const env = { PANTAU_HTTP_HEADERS_TIMEOUT_S: '2', PANTAU_HTTP_REQUEST_TIMEOUT_S: '3', PANTAU_HTTP_KEEPALIVE_TIMEOUT_S: '65' };
    expect(parseHttpTimeouts(env)).toEqual({ headersTimeoutMs: 2_000, requestTimeoutMs: 3_000, keepAliveTimeoutMs: 65_000 });
    expect(parseHttpTimeouts({ PANTAU_HTTP_REQUEST_TIMEOUT_S: '10' }).headersTimeoutMs).toBe(10_000);
    expect(() => parseHttpTimeouts({ PANTAU_HTTP_HEADERS_TIMEOUT_S: '30', PANTAU_HTTP_REQUEST_TIMEOUT_S: '10' })).toThrow(/PANTAU_HTTP_HEADERS_TIMEOUT_S/);
    expect(() => parseHttpTimeouts({ PANTAU_HTTP_REQUEST_TIMEOUT_S: '0' })).toThrow(/PANTAU_HTTP_REQUEST_TIMEOUT_S/);
    expect(() => parseHttpTimeouts({ PANTAU_HTTP_KEEPALIVE_TIMEOUT_S: '5s' })).toThrow(/PANTAU_HTTP_KEEPALIVE_TIMEOUT_S/);
    expect(Object.isFrozen(parseHttpTimeouts({}))).toBe(true);
  });

  it('reach the Node server', () => {
    const server = createServer(httpServerOptions(parseHttpTimeouts({ PANTAU_HTTP_HEADERS_TIMEOUT_S: '7', PANTAU_HTTP_REQUEST_TIMEOUT_S: '9', PANTAU_HTTP_KEEPALIVE_TIMEOUT_S: '11' })));
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([7_000, 9_000, 11_000]);
  });
});
