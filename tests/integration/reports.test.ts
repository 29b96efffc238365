import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../ingest/notify/signature';
import type { ReportDelivery } from '../../src/lib/server/reports/deliver';
import { PROJECT_ROOT } from '../helpers/processes';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { computeFacts, type ReportFacts } from '../../src/lib/reports/facts';
import { GENERATED_AT, MAINTENANCE, procedures, seededCatalog, seededWeekInput, WEEK } from '../../src/lib/reports/seeded-week';
import { createInfluxClient, type InfluxClient } from '../../src/lib/server/influx';
import { readReportInput } from '../../src/lib/server/reports/input';
import { planHourlyQueries } from '../../src/lib/server/reports/queries';
import { planTrafficSlotQueries } from '../../src/lib/server/reports/traffic-slots';
import type { ReportInput } from '../../src/lib/reports/types';
import { aggregateSlots, dayStart, seededReadings } from '../../src/lib/reports/seeded-week';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase } from '../helpers/influx';
import { SEED_ENV, seedReportDb, writeSeededCatalog } from './reports-seed';
import { mimeParts, startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';

/**
 * The seeded fortnight written to a real InfluxDB (readings to the default policy, the 1-hour rollup
 * rebuilt from them, alert events to their policy, a forecast), read back through the report's own
 * queries: the facts must be those of the same data held in memory, and the hand-checked ones.
 */
const services = readTestServices();
const db = uniqueDb('reports');
const config = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db, ...SEED_ENV });
const catalog = seededCatalog();
let influx: InfluxClient;
let fromDb: ReportFacts;
let inputFromDb: ReportInput;

beforeAll(async () => {
  await seedReportDb(services.influxUrl, db);
  influx = createInfluxClient(config);
  const input = await readReportInput({ influx, catalog, procedures: procedures(), maintenance: async () => [...MAINTENANCE] }, WEEK, GENERATED_AT);
  inputFromDb = input;
  fromDb = computeFacts(input);
}, 240_000);

afterAll(async () => {
  await influx?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('a report built through the real queries', () => {
  it('reads most hours from the 1-hour rollup and the newest from raw readings', () => {
    const qs = planHourlyQueries('flood', WEEK.start - 7 * 86_400_000, WEEK.end, GENERATED_AT, true);
    expect(qs.some((q) => q.includes('"rollup_1h"'))).toBe(true);
    expect(qs.at(-1)).toContain('GROUP BY time(1h)');
  });

  it('has the facts of the same fortnight held in memory', () => {
    const inMemory = computeFacts(seededWeekInput());
    for (const key of ['alerts', 'response', 'ranking', 'change', 'quality', 'patterns', 'recommendations'] as const) {
      expect(fromDb[key], key).toEqual(inMemory[key]);
    }
  });

  it('has the hand-checked facts', () => {
    expect(fromDb.alerts.emergency).toBe(15);
    expect(fromDb.response.untickedTotal).toBe(16);
    const sempaja = fromDb.quality.sensors.find((s) => s.sensorId === 'traffic-sempaja-s')!;
    expect([sempaja.received, sempaja.expected]).toEqual([792, 1008]);
    expect(fromDb.recommendations.map((r) => `${r.rule}:${r.sensorId}`)).toEqual([
      'signal-retiming:traffic-lembuswana-n', 'flood-repeated:flood-gunung-lingai', 'air-schools:air-samarinda-ulu-1', 'maintenance-visit:traffic-sempaja-s'
    ]);
  });

  it('draws the Macet pattern from the traffic readings: half-hour means from the 1-minute rollup', () => {
    expect(planTrafficSlotQueries(WEEK.end, GENERATED_AT, config.retention).every((q) => q.includes('"rollup_1m"."traffic"'))).toBe(true);
    // The half-hours InfluxDB returns are those computed in memory from the same readings, on the 10 weekdays only.
    const byKey = (xs: ReportInput['trafficSlots']) => new Map(xs.map((x) => [`${x.sensorId}@${x.start}`, x.mean]));
    const expected = byKey(aggregateSlots(seededReadings(catalog)));
    const got = byKey(inputFromDb.trafficSlots);
    expect(got.size).toBe(10 * 48 * 2 - 48 - 24); // two approaches, 48 half-hours a weekday; Sempaja silent Thu 26 Nov 00:00 to Fri 12:00
    for (const [k, mean] of got) for (const f of ['speed', 'flow', 'occupancy']) expect(mean[f], k).toBeCloseTo(expected.get(k)![f], 6);
    expect(fromDb.patterns.macet.map((p) => [p.sensorId, p.days, p.fromMin, p.toMin])).toEqual([['traffic-lembuswana-n', 8, 990, 1050], ['traffic-sempaja-s', 4, 420, 450]]);
    expect(inputFromDb.trafficSlots.some((x) => x.start >= dayStart(5) && x.start < dayStart(7))).toBe(false); // no weekend read
  });

  it('counts escalations to backups and leads from the notifier deliveries stored in InfluxDB', () => {
    expect(inputFromDb.escalations.map((e) => `${e.reason}:${e.personId}`)).toEqual(['backup:budi', 'backup:budi', 'backup:budi', 'lead:rina']);
    expect(fromDb.response.escalationSteps).toEqual([{ reason: 'backup', alerts: 2, people: ['Budi'] }, { reason: 'lead', alerts: 1, people: ['Rina'] }]);
  });

  it('reads the open alert and the gauge forecast as of the report time', () => {
    expect(fromDb.outlook.open).toEqual({ critical: 1, warning: 0, info: 0 });
    expect(fromDb.outlook.crossings.map((c) => [c.sensorId, c.crossing.level])).toEqual([['flood-gunung-lingai', 3]]);
  });
});

describe('npm run report -- --deliver', () => {
  const secret = 'report-webhook-secret-0123456789';
  let server: Server;
  let smtp: TestSmtpServer;
  let dir = '';
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pantau-report-'));
    await writeSeededCatalog(path.join(dir, 'catalog.json'));
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    smtp = await startSmtpServer();
  });

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await smtp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the week in Chromium, posts it signed to the configured webhook and mails it with the PDF attached', async () => {
    const port = (server.address() as { port: number }).port;
    const env = {
      ...process.env, ...SEED_ENV, INFLUX_URL: services.influxUrl, INFLUX_DB: db, PANTAU_CATALOG: path.join(dir, 'catalog.json'), DATABASE_URL: '',
      REPORT_WEBHOOK_URLS: `http://127.0.0.1:${port}/hook`, REPORT_WEBHOOK_SECRET: secret, REPORT_BASE_URL: 'https://pantau.example',
      SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@samarinda.example>', REPORT_EMAILS: 'kepala.bpbd@samarinda.example'
    };
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--period', 'week', '--start', '2026-11-23', '--lang', 'en', '--deliver'],
        { cwd: PROJECT_ROOT, env, timeout: 180_000 }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
    expect(out.stderr + out.stdout).toContain('delivered to');
    expect(out.code).toBe(0);
    expect(received).toHaveLength(1);
    const { headers, body } = received[0];
    const check = verifySignature(secret, { signature: String(headers[SIGNATURE_HEADER]), timestamp: String(headers[TIMESTAMP_HEADER]) }, body, Date.now());
    expect(check).toEqual({ ok: true });
    expect(headers[EVENT_ID_HEADER]).toBe('report:week:2026-11-23:en');
    const delivery = JSON.parse(body) as ReportDelivery;
    expect(delivery.title).toBe('Weekly situation report · 23 November 2026 – 29 November 2026');
    expect(delivery.url).toBe('https://pantau.example/reports/week/2026-11-23');
    expect(delivery.recommendations[0]).toContain('was Jammed on 8 of the last 10 weekdays between 16:30 and 17:30');
    const pdf = Buffer.from(delivery.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.to).toEqual(['kepala.bpbd@samarinda.example']);
    expect(mail.subject).toBe(delivery.title);
    expect(mail.text).toContain('consider signal retiming or an officer');
    const attached = mimeParts(mail.raw).find((p) => p.contentType === 'application/pdf');
    expect(attached?.text.startsWith('%PDF-')).toBe(true);
  }, 200_000);

  it('at a shift change, mails the shift just ended by email alone (no webhook configured)', async () => {
    const mailsBefore = smtp.messages.length;
    const hooksBefore = received.length;
    const env = {
      ...process.env, ...SEED_ENV, INFLUX_URL: services.influxUrl, INFLUX_DB: db, PANTAU_CATALOG: path.join(dir, 'catalog.json'), DATABASE_URL: '',
      REPORT_WEBHOOK_URLS: '', REPORT_BASE_URL: 'https://pantau.example',
      SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@samarinda.example>', REPORT_EMAILS: 'kepala.dishub@samarinda.example, piket.bpbd@samarinda.example'
    };
    // The evening shift of Thu 26 Nov, as --watch delivers it a minute after 23:00 (latestFinished then is this shift).
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--period', 'shift', '--start', '2026-11-26T15:00', '--deliver'],
        { cwd: PROJECT_ROOT, env, timeout: 180_000 }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
    expect(out.code, out.stderr).toBe(0);
    expect(received).toHaveLength(hooksBefore);
    const mails = smtp.messages.slice(mailsBefore);
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['kepala.dishub@samarinda.example', 'piket.bpbd@samarinda.example']);
    const mail = mails[0];
    expect(mail.subject).toBe('Laporan situasi giliran jaga · 26 November 2026, 15.00–23.00 WITA');
    // The 10 weekdays before Thu 26 Nov 23:00 reach back to Fri 13 Nov, before the data: Lembuswana on 7 of them.
    expect(mail.text).toContain('mencapai Macet pada 7 dari 10 hari kerja terakhir antara 16:30 dan 17:30');
    expect(mimeParts(mail.raw).find((p) => p.contentType === 'application/pdf')?.text.startsWith('%PDF-')).toBe(true);
  }, 200_000);
});
