/**
 * The command center's Prometheus metrics, read at scrape time from the realtime hub's own counters
 * (realtime.ts `stats()` and `status()`). Served on the web port by scripts/web.ts, behind the access
 * rule of src/lib/metrics/access.ts (METRICS_TOKEN, else loopback only).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { checkMetricsAccess } from '../metrics/access';
import { respondMetrics } from '../metrics/http';
import { observedCounter, observedGauge, sharedSnapshot } from '../metrics/observed';
import type { WebConfig } from './config';
import type { RealtimeHub } from './realtime';

export function createWebMetrics(registry: Registry, hub: Pick<RealtimeHub, 'stats' | 'status'>): void {
  const stats = sharedSnapshot(() => hub.stats());
  const status = sharedSnapshot(() => hub.status());
  observedGauge(registry, 'pantau_web_live_clients', 'Socket.IO clients connected to this command center (browsers, walls, kiosks).', () => stats().clients);
  observedCounter(registry, 'pantau_web_reading_batches_total', 'Live `readings` batches broadcast to clients.', () => stats().readingBatches);
  observedCounter(registry, 'pantau_web_skipped_deliveries_total', 'Batches not sent to a slow client (its send queue was full; it gets a catch-up).', () => stats().skippedDeliveries);
  observedCounter(registry, 'pantau_web_dropped_messages_total', 'MQTT messages (or entries of a live batch) refused as malformed.', () => stats().droppedMessages);
  observedCounter(registry, 'pantau_web_alert_events_total', 'Alert events applied and broadcast to clients.', () => stats().alertEvents);
  observedGauge(registry, 'pantau_web_mqtt_up', '1 while the command center is connected to the broker.', () => (status().mqtt ? 1 : 0));
  observedGauge(registry, 'pantau_web_influx_up', '1 while InfluxDB answered the last ping (every 5 s).', () => (status().influx ? 1 : 0));
  observedGauge(registry, 'pantau_web_last_reading_timestamp_seconds', 'When the newest live reading was taken (0: none yet).', () => (status().lastReadingAt ?? 0) / 1000);
}

/**
 * GET /metrics on the web port, before SvelteKit sees the request (no session, no page hooks): true
 * when the request was for /metrics and is answered here. Refusals say no more than their status.
 */
export function handleMetricsRequest(req: IncomingMessage, res: ServerResponse, registry: Registry, config: Pick<WebConfig, 'metricsToken' | 'proxy'>): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/metrics') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  const access = checkMetricsAccess(req.headers, req.socket.remoteAddress, config.metricsToken, config.proxy.addressHeader);
  if (access === 'unauthorized') res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain' }).end('metrics need a bearer token\n');
  else if (access === 'forbidden') res.writeHead(403, { 'content-type': 'text/plain' }).end('metrics are served to loopback only (set METRICS_TOKEN to scrape from elsewhere)\n');
  else void respondMetrics(res, registry, req.method === 'HEAD');
  return true;
}
