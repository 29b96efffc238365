import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxQuery, influxWrite } from '../helpers/influx';
import { createTempDir, startInflux, startMosquitto, type InfluxHandle, type MosquittoHandle } from '../helpers/services';

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
