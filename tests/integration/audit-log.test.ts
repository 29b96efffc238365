/**
 * The audit log on real InfluxDB: entries of the same user and action in the same millisecond are all
 * kept (InfluxDB would store one point for them), and each keeps its own time: a burst of entries
 * never pushes a later entry's time ahead.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { auditQuery, createAuditLog, parseAuditRow } from '../../src/lib/server/auth/audit';
import { auditDetail, formatAuditDetail } from '../../src/lib/i18n/audit-detail';
import { createTempDir, startInflux } from '../helpers/services';
import { setupInflux } from '../../src/lib/influx/setup';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxQuery } from '../helpers/influx';

const services = readTestServices();
const config = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: uniqueDb('audit_log') });

beforeAll(() => setupInflux(config));
afterAll(() => dropDatabase(services.influxUrl, config.database));

describe('audit entries in InfluxDB', () => {
  it('keeps every entry of a busy millisecond, and a later entry at its own time', async () => {
    const audit = createAuditLog(config, () => {});
    const start = Date.now() - 60_000;
    // Three seconds of 400 accountable entries each, all in one millisecond per second.
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < 400; i++) audit.record({ at: start + s * 1000, user: 'sari', role: 'responder', action: 'alert:comment', target: `a${i}`, ok: true, detail: `note ${s}-${i}` });
    }
    audit.record({ at: start + 3000, user: 'admin', role: 'admin', action: 'people:edit', target: 'sari', ok: true, detail: 'changed quietHours' });
    await audit.close();
    const rows = await influxQuery(services.influxUrl, config.database, 'SELECT * FROM "events"."audit"');
    expect(rows).toHaveLength(1201);
    expect(new Set(rows.filter((r) => r.user === 'sari').map((r) => r.time))).toEqual(new Set([start, start + 1000, start + 2000]));
    expect(new Set(rows.map((r) => r.detail)).size).toBe(1201);
    expect(rows.find((r) => r.action === 'people:edit')?.time).toBe(start + 3000);
  });

  it('keeps what a detail says as data beside its English sentence, for the page to say in either language', async () => {
    const audit = createAuditLog(config, () => {});
    const at = Date.now() - 30_000;
    const errors = 'name must not be empty; "lat" out of range';
    audit.record({ at, user: 'admin', role: 'admin', action: 'people:edit', target: 'sari', ok: false, ...auditDetail('edit.refused', { reason: 'rota, minggu 2', errors }) });
    await audit.close();
    const rows = await influxQuery(services.influxUrl, config.database, auditQuery(10, '"events"."audit"'));
    const entry = rows.map(parseAuditRow).find((e) => e.at === at)!;
    expect(entry.detail).toBe(`rota, minggu 2 — refused: ${errors}`);
    expect(entry.detailCode).toBe('edit.refused');
    expect(formatAuditDetail('id', entry)).toBe(`rota, minggu 2 — ditolak: ${errors}`);
    expect(formatAuditDetail('en', entry)).toBe(entry.detail);
  });
});

describe('stopping while InfluxDB hangs', () => {
  it('waits a bounded time for the queue and says what is lost (a real influxd paused with SIGSTOP)', async () => {
    const tmp = await createTempDir('pantau-audit-paused-');
    const influx = await startInflux({ dataDir: path.join(tmp.dir, 'influxdb') });
    try {
      const c = parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: uniqueDb('audit_paused') });
      await setupInflux(c);
      const logs: string[] = [];
      const audit = createAuditLog(c, (m) => logs.push(m));
      process.kill(influx.pid, 'SIGSTOP');
      for (let i = 0; i < 3; i++) audit.record({ at: Date.now(), user: 'sari', role: 'responder', action: 'alert:comment', target: `a${i}`, ok: true, detail: 'x' });
      const t0 = Date.now();
      await audit.close(500);
      // was: up to 100 tries of the 5-s write timeout (minutes), past any service manager's stop timeout
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(logs.some((m) => /stopping with 3 audit entries InfluxDB has not taken/.test(m))).toBe(true);
    } finally {
      process.kill(influx.pid, 'SIGCONT');
      await influx.stop();
      await tmp.remove();
    }
  }, 60_000);
});
