/**
 * A notifier restart while InfluxDB is slow to answer the look-back for alerts open longer than the restore's 2 days
 * (each open sensor and rule pair's newest copies over up to a year of shards: a minute a read). The notifier must not
 * wait for it: it connects and pages a new critical alert at once, and restores those old chains when the look-back
 * comes. Real InfluxDB behind an HTTP proxy that holds the look-back's first query (its marks query) until released.
 * Meanwhile an old alert worsens: the live path pages its primary at once, and the late restore does not end that round
 * (its backup is paged at its step); an old alert the live path did not hear of is restored over (a worsening after
 * pages its primary, backup and lead at once, as a notifier that never stopped would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookBackProxy } from '../helpers/lookback-proxy';
import type { AddressInfo } from 'node:net';
import { readTestServices, uniqueDb } from '../helpers/env';
import { waitFor } from '../helpers/wait';
import { oldAlertEvents } from './old-alert-events';
import { createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifylb');
/** A team minute of 1 s: the backup's 20 minutes are 20 s, the lead's 40 are 40 s. */
const MINUTE_MS = 1_000;
const DAY_MS = 86_400_000;
const T0 = Date.now() - 3 * DAY_MS;
let bed: RestartBed;

const { alertOf, stored, emit, pagedThen } = oldAlertEvents(services, db, T0);

/** Forwards to InfluxDB; the look-back's marks query waits until `release()` (at most 90 s). */
function heldLookBackProxy(influxUrl: string) {
  let held = 0;
  const waiting: (() => void)[] = [];
  const server = lookBackProxy(influxUrl, (forward) => {
    held++;
    waiting.push(forward);
    setTimeout(forward, 90_000).unref();
  });
  return { server, held: () => held, release: () => waiting.splice(0).forEach((f) => f()) };
}

const mails = (to: string, sensor: string) => bed.smtp.messages.filter((m) => m.to.includes(`${to}@bpbd.test`) && m.text.includes(`Pos TMA ${sensor}`));
const counts = (sensor: string) => ['ani', 'budi', 'citra'].map((who) => mails(who, sensor).length);

const proxy = heldLookBackProxy(services.influxUrl);

beforeAll(async () => {
  bed = await createRestartBed(db, 'notifylb');
  await new Promise<void>((ok) => proxy.server.listen(0, '127.0.0.1', ok));
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 3_600_000 };
  await seedDirectory(bed.pg.url, {
    people: ['ani', 'budi', 'citra'].map((id) => ({ person: { id, name: id }, channels: [{ kind: 'email' as const, address: `${id}@bpbd.test`, rank: 0, enabled: true }] })),
    teams: [{ team: { id: 'bpbd', kinds: ['flood'], leadPersonId: 'citra', backupAfterMin: 20, leadAfterMin: 40 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }, { personId: 'budi', role: 'backup', ...shift }] }]
  });
  // Raised 3 days ago, chains over unacknowledged, nothing stored since: only the look-back shows them.
  for (const sensor of ['Gunung Lingai', 'Sempaja']) {
    await stored({ type: 'raised', at: T0, by: 'ingest', alert: alertOf(sensor) });
    await pagedThen(alertOf(sensor), [['oncall', 'ani', T0 + 50], ['backup', 'budi', T0 + 20 * 60_000], ['lead', 'citra', T0 + 40 * 60_000]]);
  }
}, 60_000);

afterAll(async () => {
  proxy.release();
  proxy.server.closeAllConnections();
  await new Promise((ok) => proxy.server.close(ok));
  await bed?.close();
});

describe('notifier restart with the look-back slow', () => {
  it('takes events and pages at once, and restores the old chains when the look-back comes', async () => {
    const startedAt = Date.now();
    const notifier = await bed.start('notify-lb', { NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS), INFLUX_URL: `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}` });
    // was: connected only once the look-back was answered (here never before 90 s; in the field a minute a read)
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(proxy.held()).toBe(1);

    // A new critical alert: its primary paged while the look-back is still held.
    const now = Date.now();
    await emit({ type: 'raised', at: now, by: 'ingest', alert: alertOf('Lempake', now) });
    await waitFor('the primary paged about the new alert', () => mails('ani', 'Lempake')[0], { timeoutMs: 10_000 });
    // An old alert worsens before the look-back comes: a round from its primary.
    const sempaja = alertOf('Sempaja');
    const worsenedAt = Date.now();
    await emit({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: { ...sempaja, level: 3, worsenedAt, updatedAt: worsenedAt } });
    await waitFor('the primary paged about the worsening', () => mails('ani', 'Sempaja')[0], { timeoutMs: 10_000 });
    expect(proxy.held()).toBe(1);
    expect(counts('Gunung Lingai')).toEqual([0, 0, 0]);

    proxy.release();
    // Of the look-back's three (the new alert's too: after the start's read), the two the live path took are left to it.
    await waitFor('the old chains restored', () => /restored 1 chain\(s\) of alerts open longer than the last days \(2 taken live meanwhile/.exec(notifier.proc.logs()), { timeoutMs: 20_000 });
    // The old chain over was not paged again; the worsened one's round goes on: its backup at its step, not ended by the old round.
    expect(counts('Gunung Lingai')).toEqual([0, 0, 0]);
    expect(counts('Sempaja')).toEqual([1, 0, 0]);
    await waitFor('the backup paged at its step', () => mails('budi', 'Sempaja')[0], { timeoutMs: 30_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(worsenedAt + 20 * MINUTE_MS - 1_000);

    // The one restored over worsens: its primary, backup and lead at once.
    const lingai = alertOf('Gunung Lingai');
    const at = Date.now();
    await emit({ type: 'escalated', at, by: 'ingest', alert: { ...lingai, level: 3, worsenedAt: at, updatedAt: at } });
    for (const who of ['ani', 'budi', 'citra']) await waitFor(`${who} paged about the worsening`, () => mails(who, 'Gunung Lingai')[0], { timeoutMs: 10_000 });
    expect(counts('Gunung Lingai')).toEqual([1, 1, 1]);
    expect(notifier.proc.logs()).not.toMatch(/could not/);
    await notifier.proc.kill();
  }, 120_000);
});
