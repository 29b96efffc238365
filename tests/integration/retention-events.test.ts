/**
 * Alert events in their own retention policy on real InfluxDB: the policy is created with its
 * duration, both writers (the command center's writeAlertEvent, the ingest's journal shipper) put
 * events there and readings in the default policy, the product's readers find them there, and an
 * installation from before the policy gets its alert history copied over once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import type { Sensor } from '../../src/lib/core/sensor';
import { testAlert, testEvent } from '../../src/lib/server/alert-fixtures';
import { readRecentAlertEvents, readSensorHistory } from '../../src/lib/server/history';
import { auditSource, createInfluxClient, setupInfluxAtStart } from '../../src/lib/server/influx';
import { auditQuery, createAuditLog, formatAuditLine, parseAuditRow, type AuditEntry } from '../../src/lib/server/auth/audit';
import { seriesRows } from '../../src/lib/influx/query';
import { readAlertHistory } from '../../ingest/sinks/influx-read';
import { ensureRetention, setupInflux } from '../../src/lib/influx/setup';
import { createInfluxDB } from '../../src/lib/influx/client';
import { writeLines } from '../../src/lib/influx/write';
import { createInfluxSink, formatAlertEvent } from '../../ingest/durable/influx-sink';
import { openJournal } from '../../ingest/durable/journal';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxQuery } from '../helpers/influx';

const services = readTestServices();
const now = Date.now();
const gauge: Sensor = { id: 'flood-01', kind: 'flood', name: 'Gauge 1', district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 30 };
const count = async (db: string, from: string) => (await influxQuery(services.influxUrl, db, `SELECT * FROM ${from}`)).length;
const dbs: string[] = [];
const config = (env: Record<string, string> = {}): InfluxConfig => {
  const db = uniqueDb('events');
  dbs.push(db);
  return parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db, ...env });
};

afterAll(async () => {
  for (const db of dbs) await dropDatabase(services.influxUrl, db);
});

describe('alert events in their own retention policy', () => {
  const c = config({ INFLUX_EVENTS_RETENTION: '3650d' });
  const db = c.database;

  beforeAll(() => setupInflux(c));

  it('creates the events policy with its configured duration, and alters it when that changes', async () => {
    const policies = await influxQuery(services.influxUrl, db, `SHOW RETENTION POLICIES ON "${db}"`);
    expect(policies.find((p) => p.name === 'events')).toMatchObject({ duration: '87600h0m0s', default: false });
    expect(policies.find((p) => p.default)?.name).toBe('autogen');
    const forever = { ...c, retention: { ...c.retention, eventsHours: 0 } };
    expect((await ensureRetention(forever)).policies).toEqual([`ALTER RETENTION POLICY "events" ON "${db}" DURATION INF REPLICATION 1 SHARD DURATION 168h`]);
    expect((await ensureRetention(forever)).policies).toEqual([]);
    await ensureRetention(c);
  });

  it("stores the command center's alert events there and reads them back through the product's readers", async () => {
    const alert = testAlert('ev-web-1', now - 5 * 60_000);
    const client = createInfluxClient(c);
    try {
      await client.writeAlertEvent(testEvent('raised', alert));
      await client.writeAlertEvent(testEvent('acknowledged', { ...alert, state: 'acknowledged', updatedAt: alert.updatedAt + 60_000 }));
      expect(await count(db, '"events"."alert_events"')).toBe(2);
      expect(await count(db, '"autogen"."alert_events"')).toBe(0);
      const recent = (await readRecentAlertEvents(client, Date.now())).filter((e) => e.alert.id === alert.id);
      expect(recent.map((e) => e.type)).toEqual(['raised', 'acknowledged']);
      const history = await readSensorHistory(client, gauge, 6, Date.now());
      expect(history.alerts.map((a) => [a.id, a.state])).toEqual([[alert.id, 'acknowledged']]);
      expect((await readAlertHistory(c)).filter((e) => e.alert.id === alert.id)).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it("ships the ingest's alert events there from the journal, its readings to the default policy", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-events-'));
    const sink = createInfluxSink({
      influx: c, journal: openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false }),
      batchSize: 100, flushIntervalMs: 10, maxJournalBytes: 1 << 20, retryMaxMs: 200, districtOf: () => gauge.district
    });
    try {
      const readings = Array.from({ length: 5 }, (_, i) => ({ sensorId: gauge.id, kind: 'flood' as const, ts: now - i * 1000, values: { water_level: 100 + i } }));
      // One journal window holds both, interleaved: the shipper splits it per policy.
      void sink.writeReadings(readings.slice(0, 2));
      void sink.writeAlertEvents([testEvent('raised', testAlert('ev-ingest-1', now - 1000))]);
      await sink.writeReadings(readings.slice(2));
      await sink.flush();
      expect(sink.stats()).toMatchObject({ storedLines: 6, droppedLines: 0 });
    } finally {
      await sink.close(1000);
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await influxQuery(services.influxUrl, db, `SELECT * FROM "events"."alert_events" WHERE "alert_id" = 'ev-ingest-1'`))).toHaveLength(1);
    expect(await count(db, '"autogen"."flood"')).toBe(5);
    expect(await count(db, '"events"."flood"')).toBe(0);
    expect((await readAlertHistory(c)).map((e) => e.alert.id)).toContain('ev-ingest-1');
  });
});

describe('the audit log in the events policy', () => {
  it('is written there, not to the default policy, and the audit page and revocation sync read it there', async () => {
    const c = config();
    await setupInflux(c);
    const audit = createAuditLog(c, () => {});
    audit.record({ at: now - 1_000, user: 'sari', role: 'operator', action: 'logout', target: '', ok: true, detail: 'from 10.0.0.1' });
    await audit.close();
    expect(await count(c.database, '"events"."audit"')).toBe(1);
    expect(await count(c.database, '"audit"')).toBe(0);
    const client = createInfluxClient(c);
    try {
      const rows = (await client.query(auditQuery(10, auditSource(client)))).flatMap(seriesRows).map(parseAuditRow);
      expect(rows).toEqual([expect.objectContaining({ user: 'sari', action: 'logout', detail: 'from 10.0.0.1' })]);
    } finally {
      await client.close();
    }
  });

  it('is copied over once at set-up from an installation that kept it in the default policy', async () => {
    const c = config();
    await influxQuery(services.influxUrl, '', `CREATE DATABASE "${c.database}"`);
    const entry: AuditEntry = { at: now - 86_400_000, user: 'budi', role: 'admin', action: 'login', target: 'budi', ok: true, detail: 'from 10.0.0.2' };
    await writeLines(createInfluxDB(c, 10_000), c, [formatAuditLine(entry)]);
    expect((await setupInflux(c)).auditCopied).toBe(1);
    const copied = await influxQuery(services.influxUrl, c.database, 'SELECT * FROM "events"."audit"');
    expect(copied.map((r) => [r.user, r.action, r.time])).toEqual([['budi', 'login', entry.at]]);
    expect((await ensureRetention(c)).auditCopied).toBe(0);
  });
});

describe('upgrading an installation whose alert events are in the default policy', () => {
  it('copies them into the events policy once at set-up, tags kept, and not again', async () => {
    const c = config();
    const db = c.database;
    await influxQuery(services.influxUrl, '', `CREATE DATABASE "${db}"`);
    const old = [testEvent('raised', testAlert('ev-old-1', now - 3 * 86_400_000)), testEvent('resolved', testAlert('ev-old-2', now - 86_400_000, 'resolved'))];
    // As an older version wrote them: no rp, so the default policy.
    await writeLines(createInfluxDB(c, 10_000), c, old.map(formatAlertEvent));
    await setupInflux(c);
    const copied = await influxQuery(services.influxUrl, db, `SELECT * FROM "events"."alert_events" GROUP BY "sensor", "event"`);
    expect(copied.map((r) => [r.alert_id, r.event, r.sensor]).sort()).toEqual([['ev-old-1', 'raised', 'flood-01'], ['ev-old-2', 'resolved', 'flood-01']]);
    expect((await readAlertHistory(c)).map((e) => e.alert.id).sort()).toEqual(['ev-old-1', 'ev-old-2']);
    // The guard: the events policy holds alert events now, so a restart copies nothing.
    expect((await ensureRetention(c)).eventsCopied).toBe(0);
    expect(await count(db, '"events"."alert_events"')).toBe(2);
  });
});

describe("the command center's set-up at start", () => {
  it('creates the events policy on a database no ingest has set up, so an alert action is stored', async () => {
    const c = config();
    const logged: string[] = [];
    await setupInfluxAtStart(c, (m) => logged.push(m));
    const policies = await influxQuery(services.influxUrl, c.database, `SHOW RETENTION POLICIES ON "${c.database}"`);
    expect(policies.map((p) => p.name).sort()).toEqual(['autogen', 'events', 'rollup_1h', 'rollup_1m']);
    expect(logged).toEqual([expect.stringContaining('CREATE RETENTION POLICY "events"')]);
    const client = createInfluxClient(c);
    try {
      await client.writeAlertEvent(testEvent('raised', testAlert('ev-cc-1', now - 60_000)));
    } finally {
      await client.close();
    }
    expect(await count(c.database, '"events"."alert_events"')).toBe(1);
  });

  it("alters nothing the ingest configured: a 90-day raw policy stays 90 days under a command center's default 30", async () => {
    const ingest = config({ INFLUX_RAW_RETENTION: '90d' });
    await setupInflux(ingest);
    const web = { ...ingest, retention: parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: ingest.database }).retention };
    const logged: string[] = [];
    await setupInfluxAtStart(web, (m) => logged.push(m));
    expect(logged).toEqual([]);
    const policies = await influxQuery(services.influxUrl, ingest.database, `SHOW RETENTION POLICIES ON "${ingest.database}"`);
    expect(policies.find((p) => p.default)).toMatchObject({ name: 'autogen', duration: '2160h0m0s' });
  });

  it('logs and goes on when InfluxDB refuses the set-up', async () => {
    const logged: string[] = [];
    // A database name InfluxDB refuses to create stands for a user without the rights: the same error path.
    await setupInfluxAtStart({ ...config(), database: '' }, (m) => logged.push(m));
    expect(logged).toEqual([expect.stringMatching(/^InfluxDB set-up not done \(/)]);
  });
});
