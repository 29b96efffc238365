/**
 * Quiet hours across a notifier crash: a warning for Dewi during her quiet hours is not sent but
 * recorded (`quiet`, with when they end) in InfluxDB; the notifier is SIGKILLed and started again; when
 * her quiet hours end (the next WITA minute or two) the still-open alert reaches her as one digest
 * email, the alert resolved meanwhile does not, and nothing else was sent to her.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { TOPICS } from '../../src/lib/core/topic';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { influxQuery, influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifyquiet');
let bed: RestartBed;
/**
 * Quiet hours of an hour that end on the first WITA minute at least `marginMs` from now: time for the two notifiers to
 * start and the resolution to arrive before they end (2 s here; 15 s for a loaded machine). Chosen once the
 * test bed is up, so the wait for the minute is no longer than that needs.
 */
function quietHoursEndingSoon(marginMs: number) {
  const nowMs = Date.now();
  const ahead = Math.ceil((nowMs % 60_000 + marginMs) / 60_000);
  const witaMin = Math.floor(((nowMs + 8 * 3_600_000) % 86_400_000) / 60_000);
  return { startMin: (witaMin + 1_440 - 60) % 1_440, endMin: (witaMin + ahead) % 1_440, endsAt: nowMs - (nowMs % 60_000) + ahead * 60_000 };
}

const start = (name: string) => bed.start(name);

async function publish(e: AlertEvent): Promise<void> {
  // As the ingest does: stored in InfluxDB (the restart reads the alert's state there) and published.
  await influxWrite(services.influxUrl, db, formatAlertEventLine(e));
  expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
}

beforeAll(async () => {
  bed = await createRestartBed(db, 'notifyquiet');
}, 60_000);

afterAll(() => bed?.close());

describe('quiet hours and a notifier restart', () => {
  it('the still-open alerts held for the quiet hours reach the person as one digest when they end, restart or not', async () => {
    const { startMin, endMin, endsAt: quietEndsAt } = quietHoursEndingSoon(15_000);
    await seedDirectory(bed.pg.url, {
      people: [{ person: { id: 'dewi', name: 'Dewi', quietHours: { startMin, endMin } }, channels: [{ kind: 'email', address: 'dewi@bpbd.test', rank: 0, enabled: true }], subscriptions: [{ kinds: ['flood'] }] }]
    });
    const first = await start('notify-quiet-1');
    const t = Date.now();
    const open = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:q${t}`, severity: 'warning', at: t });
    const gone = makeAlertEvent({ id: `flood-palaran:flood_level:q${t}`, severity: 'warning', at: t });
    gone.alert.district = 'Palaran';
    for (const e of [open, gone]) await publish(e);
    const stored = await waitFor('both quiet records in InfluxDB', async () => {
      const rows = await influxQuery(services.influxUrl, db, `SELECT "doc" FROM "events"."deliveries" WHERE "status" = 'quiet'`);
      return rows.length === 2 ? rows.map((r) => JSON.parse(String(r.doc))) : null;
    });
    expect(stored.map((r) => r.until)).toEqual([quietEndsAt, quietEndsAt]);
    await first.proc.kill();

    const second = await start('notify-quiet-2');
    expect(second.proc.logs()).toMatch(/quiet hours: 2 held message\(s\) restored/);
    await publish({ ...gone, type: 'resolved', at: Date.now(), alert: { ...gone.alert, state: 'resolved', resolvedAt: Date.now(), updatedAt: Date.now() } });
    expect(bed.smtp.messages).toEqual([]);
    // The restart and the resolution came before the quiet hours ended (else the margin above was too short).
    expect(Date.now()).toBeLessThan(quietEndsAt);
    const digest = await waitFor('the digest when the quiet hours end', () => bed.smtp.messages.find((m) => m.to.includes('dewi@bpbd.test')), { timeoutMs: quietEndsAt - Date.now() + 20_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(quietEndsAt);
    expect(digest.subject).toContain('1 peringatan masih terbuka dari jam tenang Anda');
    expect(digest.text).toContain(open.alert.title.id);
    expect(digest.text).toContain('(Sungai Pinang)');
    expect(digest.text).not.toContain('(Palaran)');
    await new Promise((r) => setTimeout(r, 2_000));
    expect(bed.smtp.messages).toHaveLength(1);
  }, 200_000);
});
