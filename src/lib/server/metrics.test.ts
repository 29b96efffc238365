import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebMetrics, handleMetricsRequest } from './metrics';
import type { HubStats } from './realtime';

const stats: HubStats = { clients: 3, readingBatches: 10, skippedDeliveries: 1, droppedMessages: 2, alertEvents: 4 };
const hub = { stats: () => stats, status: () => ({ mqtt: true, influx: false, lastReadingAt: 1_700_000_000_000 }) };
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((ok) => s.close(ok))));
});

/** A real server doing what scripts/web.ts does: /metrics here, anything else to "SvelteKit" (a 299 marker). */
async function serve(metricsToken: string, addressHeader = ''): Promise<string> {
  const registry = new Registry();
  createWebMetrics(registry, hub);
  const server = createServer((req, res) => {
    if (!handleMetricsRequest(req, res, registry, { metricsToken, proxy: { addressHeader, xffDepth: 1 } })) res.writeHead(299).end();
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('command center /metrics', () => {
  it('without METRICS_TOKEN: served to a direct loopback connection, refused through a proxy', async () => {
    const base = await serve('', 'x-real-ip');
    const ok = await fetch(`${base}/metrics`);
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toMatch(/^pantau_web_live_clients 3$/m);
    expect(text).toMatch(/^pantau_web_alert_events_total 4$/m);
    expect(text).toMatch(/^pantau_web_influx_up 0$/m);
    expect(text).toMatch(/^pantau_web_last_reading_timestamp_seconds 1700000000$/m);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      expect((await fetch(`${base}/metrics`, { headers: { [header]: '203.0.113.7' } })).status, header).toBe(403);
    }
  });

  it('with METRICS_TOKEN: 401 without it, even from loopback; the query string does not bypass the path check', async () => {
    const base = await serve('the-configured-metrics-token');
    const refused = await fetch(`${base}/metrics?x=1`);
    expect([refused.status, refused.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="metrics"']);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer the-configured-metrics-token' } })).status).toBe(200);
    expect((await fetch(`${base}/metrics`, { method: 'POST', headers: { authorization: 'Bearer the-configured-metrics-token' } })).status).toBe(405);
  });

  it('leaves every other path to SvelteKit', async () => {
    const base = await serve('');
    for (const p of ['/', '/metrics/x', '/metricsx', '/api/health']) expect((await fetch(`${base}${p}`)).status, p).toBe(299);
  });
});
