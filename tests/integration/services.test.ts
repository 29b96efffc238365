import { execFile } from 'node:child_process';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxQuery, influxWrite } from '../helpers/influx';
import { startStack } from '../../scripts/lib/stack';
import { parseStartConfig } from '../../scripts/lib/start-config';
import { PROJECT_ROOT, spawnProcess } from '../helpers/processes';
import { createTempDir, findFreePort, startInflux, startMosquitto, type InfluxHandle, type MosquittoHandle } from '../helpers/services';
import { waitFor } from '../helpers/wait';

const run = promisify(execFile);

describe('shared services from npm test', () => {
  it('InfluxDB answers /ping and a query on the shared instance', async () => {
    const { influxUrl } = readTestServices();
    const ping = await fetch(`${influxUrl}/ping`);
    expect(ping.status).toBe(204);
    const db = uniqueDb('services');
    await createDatabase(influxUrl, db);
    const dbs = await influxQuery(influxUrl, '', 'SHOW DATABASES');
    expect(dbs.map((r) => r.name)).toContain(db);
    await dropDatabase(influxUrl, db);
  });
});

describe('a private InfluxDB survives SIGKILL with its data', () => {
  let influx: InfluxHandle;
  let tmp: Awaited<ReturnType<typeof createTempDir>>;
  const db = 'crash_test';

  beforeAll(async () => {
    tmp = await createTempDir('pantau-influx-');
    influx = await startInflux({ dataDir: tmp.dir });
  });
  afterAll(async () => {
    await influx?.stop();
    await tmp?.remove();
  });

  it('reads back a written point before and after a crash and restart', async () => {
    await createDatabase(influx.url, db);
    await influxWrite(influx.url, db, 'flood,sensor=flood-01,district=Samarinda\\ Ulu water_level=123.4 1764300000000');
    const before = await influxQuery(influx.url, db, 'SELECT water_level, sensor FROM flood');
    expect(before).toEqual([{ _measurement: 'flood', time: 1764300000000, water_level: 123.4, sensor: 'flood-01' }]);

    const pidBefore = influx.pid;
    await influx.kill();
    expect(await fetch(`${influx.url}/ping`).then(() => 'up', () => 'down')).toBe('down');
    await influx.restart();
    expect(influx.pid).not.toBe(pidBefore);

    // The WAL is replayed on start: the point written before SIGKILL is still there.
    const after = await influxQuery(influx.url, db, 'SELECT water_level, sensor FROM flood');
    expect(after).toEqual(before);
  });
});

describe('a private Mosquitto', () => {
  let broker: MosquittoHandle;
  let tmp: Awaited<ReturnType<typeof createTempDir>>;

  beforeAll(async () => {
    tmp = await createTempDir('pantau-mosquitto-');
    broker = await startMosquitto({ dataDir: tmp.dir });
  });
  afterAll(async () => {
    await broker?.stop();
    await tmp?.remove();
  });

  it('round-trips a QoS 1 message with mosquitto_pub and mosquitto_sub, queued for a persistent session', async () => {
    const topic = 'pantau/v1/sensors/flood/flood-01';
    const payload = JSON.stringify({ ts: 1764300000000, values: { water_level: 123.4 } });
    const common = ['-h', '127.0.0.1', '-p', String(broker.port)];
    const session = [...common, '-i', 'pantau-services-test', '-c', '-q', '1', '-t', topic];
    // Subscribe with a persistent session and leave (-E): the broker must queue what follows.
    await run('mosquitto_sub', [...session, '-E'], { timeout: 20_000 });
    await run('mosquitto_pub', [...common, '-t', topic, '-q', '1', '-m', payload], { timeout: 20_000 });
    const { stdout } = await run('mosquitto_sub', [...session, '-C', '1', '-W', '20'], { timeout: 30_000 });
    expect(stdout.trim()).toBe(payload);
  });

  it('listens on loopback only', async () => {
    const conf = await import('node:fs/promises').then((fs) => fs.readFile(`${tmp.dir}/mosquitto.conf`, 'utf8'));
    expect(conf).toContain(`listener ${broker.port} 127.0.0.1`);
    expect(conf).toContain('max_queued_messages 1000000');
  });
});

describe('spawnProcess', () => {
  it('waits for a ready line, keeps the logs and stops the child', async () => {
    const tmp = await createTempDir('pantau-spawn-');
    try {
      const script = path.join(tmp.dir, 'child.ts');
      await writeFile(script, `console.log('ready on ' + process.env.GREETING); setInterval(() => {}, 1000);`);
      const child = await spawnProcess({ name: 'stand-in', args: [script], env: { GREETING: 'hello' }, readyLine: /ready on hello/ });
      expect(child.isRunning()).toBe(true);
      expect(child.logs()).toContain('ready on hello');
      await child.stop();
      expect(child.isRunning()).toBe(false);
      expect((await child.exited).signal).toBe('SIGTERM');
    } finally {
      await tmp.remove();
    }
  });

  it('fails with the log tail when the child exits before it is ready', async () => {
    const tmp = await createTempDir('pantau-spawn-');
    try {
      const script = path.join(tmp.dir, 'crash.ts');
      await writeFile(script, `console.error('no catalog here'); process.exit(2);`);
      await expect(spawnProcess({ name: 'crasher', args: [script], readyLine: /never/ })).rejects.toThrow(/crasher exited before .*\n.*no catalog here/);
    } finally {
      await tmp.remove();
    }
  });
});

describe('the npm start supervisor with stand-in processes', () => {
  it('passes service URLs, restarts a crashing child and stops in order', async () => {
    const tmp = await createTempDir('pantau-stack-');
    // Stand-ins run with `--import tsx` from their own root: give it the project's node_modules.
    await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(tmp.dir, 'node_modules'));
    const order = path.join(tmp.dir, 'order.log');
    const stopNote = (name: string) =>
      `process.on('SIGTERM', () => { require('node:fs').appendFileSync(${JSON.stringify(order)}, '${name}\\n'); process.exit(0); });`;
    await writeFile(
      path.join(tmp.dir, 'web.cjs'),
      `require('node:http').createServer((q, r) => r.end(process.env.MQTT_URL + ' ' + process.env.INFLUX_URL + ' ' + process.env.INFLUX_DB))` +
        `.listen(Number(process.env.PORT), process.env.HOST); ${stopNote('web')}`
    );
    await writeFile(path.join(tmp.dir, 'ingest.cjs'), `setInterval(() => {}, 1000); ${stopNote('ingest')}`);
    await writeFile(path.join(tmp.dir, 'sim.cjs'), `console.log('sim start'); setTimeout(() => process.exit(3), 300); ${stopNote('simulators')}`);
    const { influxUrl } = readTestServices();
    const config = parseStartConfig({ INFLUX_URL: influxUrl, INFLUX_DB: 'stack_db', PANTAU_BROKER: 'aedes', MQTT_PORT: String(await findFreePort()) }, tmp.dir);
    const stack = await startStack({
      root: tmp.dir,
      config,
      build: false,
      log: () => undefined,
      entries: { web: 'web.cjs', ingest: 'ingest.cjs', simulators: 'sim.cjs' }
    });
    try {
      await stack.webReady;
      expect(await (await fetch(stack.webUrl)).text()).toBe(`${stack.mqttUrl} ${influxUrl} stack_db`);
      const sim = stack.children.find((c) => c.name === 'simulators')!;
      await waitFor(() => sim.restarts() >= 1 && sim.pid() > 0, { what: 'the crashed simulator to be restarted', timeoutMs: 15_000 });
      // Keep the simulator alive for the ordered-stop check: it crashes 300 ms after each start.
    } finally {
      await stack.stop();
    }
    const stopped = (await readFile(order, 'utf8')).trim().split('\n');
    expect(stopped.filter((n) => n !== 'simulators')).toEqual(['ingest', 'web']);
    expect(await fetch(stack.webUrl).then(() => 'up', () => 'down')).toBe('down');
    await tmp.remove();
  });
});
