/**
 * InfluxDB does not answer when the notifier starts (a reboot: it is still opening its shards). The notifier used to
 * try its restore of the open escalation chains 5 times, 30 s apart, then give up for good: the backup and lead of an
 * alert open then were never paged. Here InfluxDB sits behind a gate that drops every connection until the notifier
 * has failed well past those 5 tries (the test knob makes its waits 0.2 s); then the gate opens, the chain is restored
 * late, and its backup and lead are paged at their steps, the primary (paged before the stop) not again. A critical
 * emergency no team covers, heard meanwhile, is logged with its kind and district, and recorded on the alert (stored once
 * InfluxDB answers) so its console says "covered by no team".
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { influxQuery } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { oldAlertEvents } from './old-alert-events';
import { createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifylate');
/** A team minute of 1 s: the backup's step 10 s after the raise, the lead's 12 s. */
const MINUTE_MS = 1_000;
const T0 = Date.now();
let bed: RestartBed;
const { alertOf, stored, pagedThen } = oldAlertEvents(services, db, T0);

/** InfluxDB behind a gate: closed, every connection is dropped unanswered (counted); open, every request is forwarded. */
function influxGate(influxUrl: string): { server: Server; open(): void; dropped(): number } {
  const upstream = new URL(influxUrl);
  let open = false;
  let dropped = 0;
  const server = createServer((req, res) => {
    if (!open) return void (dropped++, req.socket.destroy());
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  return { server, open: () => void (open = true), dropped: () => dropped };
}

const gate = influxGate(services.influxUrl);
const mails = (to: string) => bed.smtp.messages.filter((m) => m.to.includes(`${to}@bpbd.test`));

beforeAll(async () => {
  bed = await createRestartBed(db, 'notifylate');
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 3_600_000 };
  await seedDirectory(bed.pg.url, {
    people: ['ani', 'budi', 'citra'].map((id) => ({ person: { id, name: id }, channels: [{ kind: 'email' as const, address: `${id}@bpbd.test`, rank: 0, enabled: true }] })),
    teams: [{ team: { id: 'bpbd', kinds: ['flood'], districts: ['Sungai Pinang'], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 12 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }, { personId: 'budi', role: 'backup', ...shift }] }]
  });
  // Raised just before the stop, its primary paged: the chain's backup and lead are still to come.
  const open = alertOf('Gunung Lingai');
  await stored({ type: 'raised', at: T0, by: 'ingest', alert: open });
  await pagedThen(open, [['oncall', 'ani', T0 + 50]]);
  await new Promise<void>((resolve) => gate.server.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  await bed?.close();
  gate.server.close();
});

describe('notifier started while InfluxDB does not answer', () => {
  it('keeps trying its restore past the old 5 tries; restored late, the open chain pages its backup and lead', async () => {
    const port = (gate.server.address() as AddressInfo).port;
    const notifier = await bed.start('notify-late', { INFLUX_URL: `http://127.0.0.1:${port}`, NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS), NOTIFY_TEST_RESTORE_RETRY_MS: '200' });
    // was: "they start again with the next event" after the 5th failure, and no further try
    await waitFor('the 11th failed try', () => /could not restore open chains from InfluxDB[^\n]*\(try 11\)/.test(notifier.proc.logs()) || null, { timeoutMs: 20_000 });
    expect(notifier.proc.logs()).not.toMatch(/restored \d+ open chain/);
    expect(gate.dropped()).toBeGreaterThan(10);
    // Heard while the restore still waits: paged to nobody (no team covers its district), so logged once.
    const uncovered = { ...alertOf('Palaran'), district: 'Palaran' };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify({ type: 'raised', at: Date.now(), by: 'ingest', alert: uncovered }))).code).toBe(0);
    await waitFor('the uncovered emergency logged', () => /critical emergency "flood-palaran:[^"]*" \(kind "flood", district "Palaran"\) is covered by no team/.test(notifier.proc.logs()) || null, { timeoutMs: 10_000 });

    gate.open();
    await waitFor('the late restore', () => /restored 1 open chain/.test(notifier.proc.logs()) || null, { timeoutMs: 10_000 });
    await waitFor('the backup email', () => mails('budi')[0], { timeoutMs: 20_000 });
    await waitFor('the lead email', () => mails('citra')[0], { timeoutMs: 20_000 });
    // Once each; the primary, paged before the stop, not again.
    expect([mails('ani').length, mails('budi').length, mails('citra').length]).toEqual([0, 1, 1]);
    // The uncovered emergency's record, kept while InfluxDB was away: on the alert, naming its kind and district.
    const rows = await waitFor('the uncovered record stored', async () => {
      const found = await influxQuery(services.influxUrl, db, `SELECT "doc" FROM "events"."deliveries" WHERE "status" = 'uncovered'`);
      return found.length > 0 ? found.map((r) => JSON.parse(String(r.doc))) : null;
    }, { timeoutMs: 10_000 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ alertIds: [uncovered.id], personId: '', error: expect.stringContaining('district "Palaran"') });
    await notifier.proc.kill();
  }, 60_000);
});
