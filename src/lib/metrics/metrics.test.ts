import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { checkMetricsAccess, isLoopback } from './access';
import { parseMetricsListen, parseMetricsToken } from './config';
import { startMetricsServer } from './http';
import { observedCounter, observedLabelledCounter, sharedSnapshot } from './observed';

const TOKEN = 'a-metrics-token-of-32-characters';

describe('checkMetricsAccess', () => {
  it('with a token: the right bearer from anywhere, nothing else (not even loopback)', () => {
    expect(checkMetricsAccess({ authorization: `Bearer ${TOKEN}` }, '203.0.113.9', TOKEN)).toBe('ok');
    expect(checkMetricsAccess({ authorization: `bearer ${TOKEN}` }, '203.0.113.9', TOKEN)).toBe('ok');
    expect(checkMetricsAccess({ authorization: `Bearer ${TOKEN}x` }, '127.0.0.1', TOKEN)).toBe('unauthorized');
    expect(checkMetricsAccess({ authorization: TOKEN }, '127.0.0.1', TOKEN)).toBe('unauthorized');
    expect(checkMetricsAccess({}, '127.0.0.1', TOKEN)).toBe('unauthorized');
  });

  it('without a token: direct loopback connections only, never through a proxy', () => {
    expect(checkMetricsAccess({}, '127.0.0.1', '')).toBe('ok');
    expect(checkMetricsAccess({}, '::1', '')).toBe('ok');
    expect(checkMetricsAccess({}, '::ffff:127.0.0.1', '')).toBe('ok');
    expect(checkMetricsAccess({}, '10.0.0.5', '')).toBe('forbidden');
    expect(checkMetricsAccess({ 'x-forwarded-for': '203.0.113.9' }, '127.0.0.1', '')).toBe('forbidden');
    expect(checkMetricsAccess({ forwarded: 'for=203.0.113.9' }, '127.0.0.1', '')).toBe('forbidden');
    expect(checkMetricsAccess({ 'x-client': '203.0.113.9' }, '127.0.0.1', '', 'x-client')).toBe('forbidden');
    // A bearer header does not open the door when no token is configured.
    expect(checkMetricsAccess({ authorization: 'Bearer anything' }, '10.0.0.5', '')).toBe('forbidden');
  });

  it('isLoopback knows 127/8 and ::1, not look-alikes', () => {
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
    expect(isLoopback('1127.0.0.1')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});

describe('metrics configuration', () => {
  it('defaults to loopback on the given port; off turns it off; 0 lets the OS pick', () => {
    expect(parseMetricsListen({}, 'X_METRICS_PORT', 'X_METRICS_HOST', 9470)).toEqual({ host: '127.0.0.1', port: 9470 });
    expect(parseMetricsListen({ X_METRICS_PORT: 'off' }, 'X_METRICS_PORT', 'X_METRICS_HOST', 9470)).toBeNull();
    expect(parseMetricsListen({ X_METRICS_PORT: '0', X_METRICS_HOST: '0.0.0.0' }, 'X_METRICS_PORT', 'X_METRICS_HOST', 9470)).toEqual({ host: '0.0.0.0', port: 0 });
    expect(() => parseMetricsListen({ X_METRICS_PORT: '70000' }, 'X_METRICS_PORT', 'X_METRICS_HOST', 9470)).toThrow(/X_METRICS_PORT/);
    expect(() => parseMetricsListen({ X_METRICS_HOST: 'a b' }, 'X_METRICS_PORT', 'X_METRICS_HOST', 9470)).toThrow(/X_METRICS_HOST/);
  });

  it('METRICS_TOKEN: empty means loopback-only; short or spaced tokens are refused without echoing them', () => {
    expect(parseMetricsToken({})).toBe('');
    expect(parseMetricsToken({ METRICS_TOKEN: TOKEN })).toBe(TOKEN);
    for (const bad of ['short', 'has a space in it somewhere']) {
      expect(() => parseMetricsToken({ METRICS_TOKEN: bad })).toThrow(/METRICS_TOKEN/);
      expect(() => parseMetricsToken({ METRICS_TOKEN: bad })).not.toThrow(new RegExp(bad));
    }
  });
});

describe('observed metrics', () => {
  it('copy the source counters at each scrape, labelled series included', async () => {
    const registry = new Registry();
    const source = { n: 3, byReason: { bad_json: 2 } as Record<string, number> };
    observedCounter(registry, 't_messages_total', 'test', () => source.n);
    observedLabelledCounter(registry, 't_rejected_total', 'test', ['reason'], () => Object.entries(source.byReason).map(([reason, n]) => [{ reason }, n]));
    expect(await registry.metrics()).toMatch(/^t_messages_total 3$/m);
    source.n = 7;
    source.byReason.too_large = 1;
    const text = await registry.metrics();
    expect(text).toMatch(/^t_messages_total 7$/m);
    expect(text).toMatch(/^t_rejected_total\{reason="bad_json"\} 2$/m);
    expect(text).toMatch(/^t_rejected_total\{reason="too_large"\} 1$/m);
  });

  it('sharedSnapshot reads once within its window and again after', () => {
    let reads = 0;
    let t = 0;
    const snap = sharedSnapshot(() => ++reads, 250, () => t);
    expect([snap(), snap()]).toEqual([1, 1]);
    t = 251;
    expect(snap()).toBe(2);
  });
});

describe('startMetricsServer', () => {
  it('serves /metrics and /health over real HTTP, 404 elsewhere, 405 for writes', async () => {
    const registry = new Registry();
    observedCounter(registry, 't_served_total', 'test', () => 5);
    const lines: string[] = [];
    const server = await startMetricsServer({ registry, listen: { host: '127.0.0.1', port: 0 }, log: (m) => lines.push(m), health: () => ({ ok: false, why: 'test' }) });
    try {
      const base = `http://127.0.0.1:${server!.port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toMatch(/^t_served_total 5$/m);
      const health = await fetch(`${base}/health`);
      expect([health.status, await health.json()]).toEqual([503, { ok: false, why: 'test' }]);
      expect((await fetch(`${base}/other`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
      expect(lines.join('\n')).toContain(`metrics on http://127.0.0.1:${server!.port}/metrics`);
    } finally {
      await server?.close();
    }
  });

  it('a port already taken is logged with a code and gives null, not a crash', async () => {
    const first = await startMetricsServer({ registry: new Registry(), listen: { host: '127.0.0.1', port: 0 }, log: () => {} });
    const lines: string[] = [];
    try {
      const second = await startMetricsServer({ registry: new Registry(), listen: { host: '127.0.0.1', port: first!.port }, log: (m) => lines.push(m) });
      expect(second).toBeNull();
      expect(lines.join('\n')).toMatch(/^METRICS_LISTEN_FAILED: /);
    } finally {
      await first?.close();
    }
  });
});
