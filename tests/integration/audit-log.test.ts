/**
 * The audit log on real InfluxDB: entries of the same user and action in the same millisecond are all
 * kept (InfluxDB would store one point for them), and each keeps its own time: a burst of entries
 * never pushes a later entry's time ahead.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { auditQuery, createAuditLog, parseAuditRow } from '../../src/lib/server/auth/audit';
import { auditDetail, formatAuditDetail, refusalArgs } from '../../src/lib/i18n/audit-detail';
import { parsePerson } from '../../src/lib/schemas/people';
import { checkRevision } from '../../src/lib/server/people/change';
import { checkCandidate } from '../../src/lib/server/registry/model';
import { selfTestAudit } from '../../src/lib/server/people/self-test';
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
  it("keeps a refusal's problems as values through InfluxDB: each said in Indonesian, its path as written", async () => {
    const audit = createAuditLog(config, () => {});
    const at = Date.now() - 25_000;
    const refused = parsePerson({ id: 'sari', name: '' });
    const errors = refused.ok ? [] : refused.errors;
    audit.record({ at, user: 'admin', role: 'admin', action: 'people:edit', target: 'sari', ok: false, ...auditDetail('refused', refusalArgs(errors)) });
    await audit.close();
    const rows = await influxQuery(services.influxUrl, config.database, auditQuery(10, '"events"."audit"'));
    const entry = rows.map(parseAuditRow).find((e) => e.at === at)!;
    expect(entry.detail).toBe('refused: name must be a non-empty string');
    expect(formatAuditDetail('id', entry)).toBe('ditolak: name harus berupa teks yang tidak kosong');
    expect(formatAuditDetail('en', entry)).toBe(entry.detail);
  });

  it("keeps the catalog's cross-entry problems, a unit and a store's own conflict as values through InfluxDB", async () => {
    const audit = createAuditLog(config, () => {});
    const at = Date.now() - 24_000;
    const districts = [{ code: '1', name: 'A', lat: -0.5, lon: 117.1 }];
    const sensor = { id: 'air-a', kind: 'air', name: 'Udara A', district: 'A', lat: -0.5, lon: 117.1, intervalS: 300 } as const;
    const problems = (c: { ok: boolean; errors?: string[] } | null) => c?.errors ?? [];
    const errors = [
      ...problems(checkCandidate({ city: 'Testkota', districts }, [sensor, { ...sensor, district: 'Nowhere' }])),
      ...problems(checkCandidate({ city: 'Testkota', districts }, [{ ...sensor, id: 'air-b', intervalS: 0 }])),
      ...problems(checkRevision('person', 'sari', 5, 4))
    ];
    audit.record({ at, user: 'admin', role: 'admin', action: 'registry:edit', target: 'air-a', ok: false, ...auditDetail('edit.refused', { reason: 'pindah', ...refusalArgs(errors) }) });
    await audit.close();
    const rows = await influxQuery(services.influxUrl, config.database, auditQuery(10, '"events"."audit"'));
    const entry = rows.map(parseAuditRow).find((e) => e.at === at)!;
    expect(entry.detail).toBe(
      'pindah — refused: sensor air-a: duplicate id "air-a"; sensor air-a: district "Nowhere" is not in districts; sensor air-b: intervalS must be a number in (0, 86400] seconds; ' +
        'person sari changed meanwhile (revision 5, you edited 4): reload and try again'
    );
    expect(formatAuditDetail('id', entry)).toBe(
      'pindah — ditolak: sensor air-a: id "air-a" ganda; sensor air-a: kecamatan "Nowhere" tidak ada di districts; sensor air-b: intervalS harus berupa angka dalam (0, 86400] detik; ' +
        'orang sari berubah sementara itu (revisi 5, Anda menyunting 4): muat ulang lalu coba lagi'
    );
    expect(formatAuditDetail('en', entry)).toBe(entry.detail);
  });

  it("keeps a self test's channels (numbered values) and a link ahead of the server coded through InfluxDB", async () => {
    const audit = createAuditLog(config, () => {});
    const at = Date.now() - 20_000;
    const channels = [
      { channelId: 1, kind: 'email' as const, label: 'x', requestId: 'req-1', status: 'waiting' as const },
      { channelId: 4, kind: 'webpush' as const, label: 'x', status: 'failed' as const, problem: 'unreachable' as const, detail: 'broker down' }
    ];
    audit.record({ at, user: 'rina', role: 'responder', action: 'people:self-test', target: 'rina', ok: true, ...selfTestAudit(channels) });
    const behind = auditDetail('ack.behindUnread', { jti: 'email.x1', version: '1000', has: 0, giveUp: 1, view: 1 });
    audit.record({ at: at + 1, user: 'rina', role: 'responder', action: 'ack-link:refused', target: 'a1', ok: false, ...behind });
    await audit.close();
    const entries = (await influxQuery(services.influxUrl, config.database, auditQuery(10, '"events"."audit"'))).map(parseAuditRow);
    const self = entries.find((e) => e.at === at)!;
    expect(self.detail).toBe('self test: email 1: asked (request req-1); webpush 4: not asked (unreachable: broker down)');
    expect(formatAuditDetail('id', self)).toBe('uji notifikasi: email 1: diminta (permintaan req-1); webpush 4: tidak diminta (notifier tidak terjangkau: broker down)');
    const link = entries.find((e) => e.at === at + 1)!;
    expect(link.detail).toBe('view: link email.x1 is about version 1000, this server has 0 (not read back), past the wait: call the command center');
    expect(formatAuditDetail('id', link)).toBe('lihat: tautan email.x1 tentang versi 1000, server ini punya versi 0 (tidak dibaca ulang), lewat batas tunggu: hubungi pusat komando');
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
