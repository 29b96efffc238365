/**
 * Production command center: SvelteKit's adapter-node handler and Socket.IO on one http.Server.
 * Run `npm run build` first. Env: see src/lib/server/config.ts (PORT, HOST, MQTT_*, INFLUX_*, PANTAU_CATALOG).
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadWebConfig } from '../src/lib/server/config';
import { createRealtimeHub } from '../src/lib/server/realtime';
import { setRealtimeHub } from '../src/lib/server/hub-handle';
import { setNodeSecurityHeaders } from '../src/lib/server/auth/headers';
import { closeRegistry, getRegistry } from '../src/lib/server/registry/handle';
import { startCatalogPublisher } from '../src/lib/server/registry/publish';
import { seedDemoPeople } from '../src/lib/server/people/demo-seed';
import { loadUsers } from '../src/lib/server/auth/users';
import { Registry } from 'prom-client';
import { addProcessMetrics } from '../src/lib/metrics/observed';
import { createWebMetrics, handleMetricsRequest } from '../src/lib/server/metrics';
import { handlePublicSummaryRequest } from '../src/lib/server/public/node-handler';
import { parseBodySizeLimit, SERVER_BODY_BYTES } from '../src/lib/server/body-limit';
import { httpServerOptions } from '../src/lib/server/http-timeouts';
import { drainUnreadBody } from '../src/lib/server/unread-body';

const SHUTDOWN_GRACE_MS = 5_000;

async function main(): Promise<void> {
  const config = loadWebConfig();
  const handlerFile = resolve(process.cwd(), 'build/handler.js');
  if (!existsSync(handlerFile)) {
    console.error('build/handler.js is missing: run `npm run build` first');
    process.exit(1);
  }
  // adapter-node reads BODY_SIZE_LIMIT when the handler is imported: the largest body a route takes, so the
  // registry import is not cut at the adapter's 512 KB default; each route's own limit is the hook's (body-limit.ts).
  process.env.BODY_SIZE_LIMIT ??= String(SERVER_BODY_BYTES);
  if (parseBodySizeLimit(process.env.BODY_SIZE_LIMIT) < SERVER_BODY_BYTES) console.warn(`BODY_SIZE_LIMIT=${process.env.BODY_SIZE_LIMIT} is below the registry import's ${SERVER_BODY_BYTES} bytes: larger imports get 413`);
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: (req: unknown, res: unknown, next?: () => void) => void };
  const registry = new Registry();
  addProcessMetrics(registry);
  // Static assets under /_app skip SvelteKit's hooks: set the security headers here for every response.
  // Timeouts shorter than Node's, so a slow client cannot hold connections for minutes (http-timeouts.ts).
  const server: Server = createServer(httpServerOptions(config.http), (req, res) => {
    setNodeSecurityHeaders(res);
    if (handleMetricsRequest(req, res, registry, config)) return;
    // The public page's data: a cached string, answered without the framework (public/node-handler.ts).
    if (handlePublicSummaryRequest(req, res, config)) return;
    // A body the route answered without reading is dropped after the answer: else it stalled the keep-alive connection.
    drainUnreadBody(req, res, SERVER_BODY_BYTES);
    handler(req, res);
  });
  // Migrations and the seed run before the first request; endpoints find the registry through its handle.
  const sensorRegistry = config.databaseUrl ? await getRegistry() : null;
  // The ingest reads no database: it gets the registry's catalog as a retained MQTT message.
  const catalogPublisher = sensorRegistry ? startCatalogPublisher(config.mqtt, sensorRegistry) : null;
  if (sensorRegistry) console.log('sensor registry: PostgreSQL');
  // npm start on its demo users gets demo teams and rotas, only into an empty directory (people/demo-seed.ts).
  if (sensorRegistry) {
    await seedDemoPeople(sensorRegistry.pool, loadUsers(config.auth.usersFile)).then(
      (seeded) => seeded && console.log('people directory: demo teams and on-call rotas seeded (addresses under .example.invalid)'),
      (err: Error) => console.error(`people directory: demo seed failed: ${err.message}`)
    );
  }
  // Set before the first request can arrive: endpoints find the hub through hub-handle.
  const hub = await createRealtimeHub({ config, httpServer: server });
  setRealtimeHub(hub);
  createWebMetrics(registry, hub);

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Pantau command center: http://${config.host}:${port}/`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await hub.close();
    await catalogPublisher?.close().catch(() => undefined);
    await closeRegistry().catch(() => undefined);
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(`command center failed to start: ${(err as Error).message}`);
  process.exit(1);
});
