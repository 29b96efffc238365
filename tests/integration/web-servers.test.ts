import { describe, it, expect, afterAll } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { Catalog } from '../../src/lib/core/sensor';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot } from '../../src/lib/core/events';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { startWeb, type TestWeb } from '../helpers/web';
import { findFreePort } from '../helpers/services';

/** The two ways the command center is served, each with its realtime hub on the same port (the hub itself: realtime.test.ts). */

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('production server (scripts/web.ts over build/handler.js)', () => {
  const services = readTestServices();
  const db = uniqueDb('webserver');
  let web: TestWeb | undefined;

  afterAll(async () => {
    await web?.stop();
    await dropDatabase(services.influxUrl, db);
  });

  it('serves pages, the API and Socket.IO on one port, and exits 0 on SIGTERM', async () => {
    await createDatabase(services.influxUrl, db);
    // PORT=0: the server picks a free port and prints it, so no port is guessed.
    web = await startWeb({ db, env: { HOST: '127.0.0.1' } });
    const base = web.url;

    const health = await waitFor('health ok', async () => {
      const body = (await (await fetch(`${base}/api/health`)).json()) as { ok: boolean };
      return body.ok ? body : null;
    });
    expect(health).toMatchObject({ ok: true, mqtt: true, influx: true });
    const catalog = (await (await fetch(`${base}/api/catalog`)).json()) as Catalog;
    expect(catalog.sensors.length).toBeGreaterThan(0);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect((await fetch(`${base}/api/sensors/BAD%20ID/history`)).status).toBe(400);

    const client: Client = connect(base, { transports: ['websocket'], reconnection: false });
    const snapshot = await new Promise<Snapshot>((ok) => client.once('snapshot', ok));
    expect(snapshot.lastEventSeq).toBe(0);
    client.disconnect();

    await web.stop();
    expect((await web.exited).code).toBe(0);
    web = undefined;
  });
});

describe('development server (vite dev with the pantau-realtime plugin)', () => {
  const services = readTestServices();
  let dev: SpawnedProcess | undefined;

  afterAll(async () => {
    await dev?.stop();
  });

  it('attaches the hub: /api/health answers from it and Socket.IO sends a snapshot', async () => {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    // /api/health is 503 until the plugin has handed the hub over, so 200 means it is attached.
    dev = await spawnProcess({
      name: 'vite-dev',
      args: ['node_modules/vite/bin/vite.js', 'dev', '--port', String(port), '--strictPort'],
      env: { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: uniqueDb('dev') },
      readyUrl: `${base}/api/health`,
      timeoutMs: 100_000
    });
    const health = (await (await fetch(`${base}/api/health`)).json()) as { mqtt: boolean };
    expect(health.mqtt).toBe(true);
    const client: Client = connect(base, { transports: ['websocket'], reconnection: false });
    const snapshot = await new Promise<Snapshot>((ok) => client.once('snapshot', ok));
    expect(Array.isArray(snapshot.readings)).toBe(true);
    client.disconnect();
  }, 120_000);
});
