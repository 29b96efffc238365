/**
 * npm start's managed InfluxDB runs with authentication: a generated admin (0600 file, reused), and
 * nothing answers a query or write without it. A real influxd on a temp dir.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInfluxAdminFile, startInfluxd, type InfluxdHandle } from '../../scripts/lib/influxd';
import { createTempDir } from '../helpers/services';

let tmp: { dir: string; remove(): Promise<void> };
let influxd: InfluxdHandle;

const query = (q: string, auth = '') => fetch(`${influxd.url}/query?q=${encodeURIComponent(q)}${auth}`, { method: 'POST' });

beforeAll(async () => {
  tmp = await createTempDir('pantau-sec-influx-');
}, 60_000);

afterAll(async () => {
  await influxd?.stop();
  await tmp?.remove();
});

describe('the managed InfluxDB', () => {
  it('refuses anonymous queries and writes, and takes the generated admin, across restarts', async () => {
    const dataDir = path.join(tmp.dir, 'influxdb');
    const admin = await ensureInfluxAdminFile(dataDir);
    expect((await stat(admin.file)).mode & 0o077).toBe(0);
    expect((await ensureInfluxAdminFile(dataDir)).password).toBe(admin.password);
    influxd = await startInfluxd({ dataDir, admin });
    const auth = `&u=${admin.username}&p=${encodeURIComponent(admin.password)}`;
    expect((await query('SHOW DATABASES')).status).toBe(401);
    expect((await fetch(`${influxd.url}/write?db=x`, { method: 'POST', body: 'm v=1' })).status).toBe(401);
    expect((await query('CREATE USER "evil" WITH PASSWORD \'evil-evil-evil\' WITH ALL PRIVILEGES')).status).toBe(401);
    expect((await query('CREATE DATABASE pantau', auth)).status).toBe(200);
    await influxd.restart();
    expect((await query('SHOW DATABASES')).status).toBe(401);
    const dbs = await (await query('SHOW DATABASES', auth)).text();
    expect(dbs).toContain('pantau');
  });
});
