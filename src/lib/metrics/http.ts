/**
 * The metrics HTTP endpoint of the ingest and the notifier: a port of their own (loopback by default,
 * see config.ts) answering `GET /metrics` (Prometheus text) and `GET /health`. The command center
 * answers /metrics on its web port instead (access.ts decides who may read it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { MetricsListen } from './config';

/** Writes the registry's scrape to a response (also used by the command center's server). */
export async function respondMetrics(res: ServerResponse, registry: Registry, head = false): Promise<void> {
  try {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(head ? undefined : body);
  } catch (err) {
    // A collect callback that throws must not take the process down; the scrape fails and says so.
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`metrics collection failed: ${(err as Error).message}\n`);
  }
}

export interface MetricsServerOptions {
  registry: Registry;
  listen: NonNullable<MetricsListen>;
  /** The body of GET /health; `ok: false` answers 503 (for load balancers and systemd watchdogs). */
  health?: () => { ok: boolean } & Record<string, unknown>;
  log(message: string): void;
}

export interface MetricsServer {
  /** The bound port (the OS's pick when the configured port is 0). */
  port: number;
  close(): Promise<void>;
}

function handle(req: IncomingMessage, res: ServerResponse, opts: MetricsServerOptions): void {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
  } else if (path === '/metrics') {
    void respondMetrics(res, opts.registry, req.method === 'HEAD');
  } else if (path === '/health') {
    const body = opts.health?.() ?? { ok: true };
    res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
}

/**
 * Starts the endpoint; null when the port cannot be bound. That is logged with a code and the process
 * goes on: readings and alerts matter more than their counters, and Prometheus sees the target down.
 */
export function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer | null> {
  const server = createServer((req, res) => handle(req, res, opts));
  // Scrapes are short; an idle keep-alive connection must not hold shutdown.
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve) => {
    server.once('error', (err) => {
      opts.log(`METRICS_LISTEN_FAILED: cannot serve metrics on ${opts.listen.host}:${opts.listen.port}: ${err.message}`);
      resolve(null);
    });
    server.listen(opts.listen.port, opts.listen.host, () => {
      const port = (server.address() as AddressInfo).port;
      opts.log(`metrics on http://${opts.listen.host.includes(':') ? `[${opts.listen.host}]` : opts.listen.host}:${port}/metrics`);
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          })
      });
    });
  });
}
