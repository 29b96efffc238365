import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { buildTimeline } from '../../../src/lib/components/delivery-timeline';
import { translate } from '../../../src/lib/i18n/translate';
import { renderDigest } from '../render';
import type { Channel, OutgoingMessage } from '../channels/types';
import { createDispatcher, type MessageSubject } from './dispatcher';
import { createQuietHolds, openQuietHolds } from './quiet';
import { deliveryDetail } from './records';
import { quietEnd, quietedFor } from './route';
import { alert, channel, directory, event, person } from './test-fixtures';

// 2026-12-06 23:30 WITA = 15:30 UTC; quiet hours 22:00–06:00 end at 2026-12-07 06:00 WITA = 22:00 UTC.
const NIGHT = Date.UTC(2026, 11, 6, 15, 30);
const MORNING = Date.UTC(2026, 11, 6, 22, 0);
const QUIET = { startMin: 22 * 60, endMin: 6 * 60 };
const sub = { id: 1, districts: [], kinds: [], categories: ['emergency' as const], minSeverity: 'info' as const };

function world(dir: Directory) {
  let clock = NIGHT;
  const records: DeliveryRecord[] = [];
  const subjects: MessageSubject[] = [];
  const sent: OutgoingMessage[] = [];
  const mail: Channel = { kind: 'email', checkAddress: () => null, send: async (_a, m) => (sent.push(m), { ok: true }) };
  const d = createDispatcher({
    directory: () => dir,
    channels: new Map([['email', mail]]),
    message: (p, s, c) => (subjects.push(s), { personId: p.id, language: p.language, severity: 'info', alertIds: s.type === 'alert' ? [s.alert.id] : s.alerts.map((a) => a.id), title: s.type, body: '', url: '', tag: c.kind }),
    record: (r) => records.push(r),
    disable: () => undefined,
    log: () => undefined,
    now: () => clock,
    sleep: async () => undefined
  });
  return { d, records, subjects, sent, setClock: (t: number) => (clock = t) };
}

describe('quiet hours', () => {
  it('quietEnd is the next end of the quiet hours, on the minute, across midnight', () => {
    expect(quietEnd(QUIET, NIGHT + 17_000)).toBe(MORNING);
    expect(quietEnd({ startMin: 9 * 60, endMin: 17 * 60 }, Date.UTC(2026, 11, 6, 2, 0))).toBe(Date.UTC(2026, 11, 6, 9, 0));
    expect(quietEnd(QUIET, Date.UTC(2026, 11, 6, 4, 0))).toBe(Date.UTC(2026, 11, 6, 4, 0)); // noon WITA: not quiet
  });

  it('quietedFor lists subscribers held back by quiet hours, never for a critical alert', () => {
    const d = directory([person('sleepy', { quietHours: QUIET, subscriptions: [sub] }), person('awake', { subscriptions: [sub] })]);
    expect(quietedFor(d, event('raised', alert({ severity: 'warning' })), NIGHT).map((q) => [q.person.id, q.until])).toEqual([['sleepy', MORNING]]);
    expect(quietedFor(d, event('raised'), NIGHT)).toEqual([]);
    expect(quietedFor(d, event('commented', alert({ severity: 'warning' })), NIGHT)).toEqual([]);
  });

  it('holds are bounded per person and a resolution drops the alert from the digest', () => {
    const q = createQuietHolds({ maxPerPerson: 2 });
    for (const n of [1, 2, 3]) q.hold('ani', alert({ id: `a${n}` }), MORNING, NIGHT);
    q.update(alert({ id: 'a1', state: 'resolved' }));
    expect(q.tick(MORNING - 1)).toEqual([]);
    const [due] = q.tick(MORNING);
    expect(due.alerts.map((a) => a.id)).toEqual(['a2']);
    expect(due.more).toBe(1);
    expect(q.size()).toEqual({ people: 0, alerts: 0 });
  });

  it('keeps the newer copy: an acknowledgement made on the copy from before a worsening (refused by the ingest) is not held', () => {
    const q = createQuietHolds();
    const a = alert({ id: 'a1', severity: 'warning', level: 1, updatedAt: NIGHT });
    const worse = { ...a, level: 2, worsenedAt: NIGHT + 60_000, updatedAt: NIGHT + 60_000 };
    q.hold('ani', a, MORNING, NIGHT);
    q.update(worse);
    q.update({ ...a, state: 'acknowledged', acknowledgedAt: NIGHT + 61_000, updatedAt: NIGHT + 61_000 });
    // A late older copy held again (a replay) does not roll it back either.
    q.hold('ani', a, MORNING, NIGHT + 62_000);
    expect(q.tick(MORNING)[0].alerts.map((x) => [x.state, x.level])).toEqual([['raised', 2]]);
  });

  it('the morning digest lists an alert acknowledged on its copy from before a worsening as the ingest holds it: raised, worse', async () => {
    const { d, subjects, setClock } = world(directory([person('sleepy', { quietHours: QUIET, channels: [channel(1, 'email', 0)], subscriptions: [sub] })]));
    const a = alert({ id: 'a1', severity: 'warning', level: 1, raisedAt: NIGHT, updatedAt: NIGHT });
    d.handle(event('raised', a, NIGHT));
    d.handle(event('escalated', { ...a, level: 2, worsenedAt: NIGHT + 60_000, updatedAt: NIGHT + 60_000 }, NIGHT + 60_000));
    d.handle({ type: 'acknowledged', at: NIGHT + 61_000, by: 'op', alert: { ...a, state: 'acknowledged', acknowledgedAt: NIGHT + 61_000, acknowledgedBy: 'op', updatedAt: NIGHT + 61_000 } });
    await d.idle();
    setClock(MORNING);
    d.tick(MORNING);
    await d.idle();
    const digest = subjects.find((s) => s.type === 'digest');
    expect(digest?.type === 'digest' && digest.alerts.map((x) => [x.state, x.level])).toEqual([['raised', 2]]);
  });

  it('records "not sent: quiet hours until 06:00" and sends the still-open alerts as one digest when they end', async () => {
    const sleepy = person('sleepy', { name: 'Sari', quietHours: QUIET, channels: [channel(1, 'email', 0)], subscriptions: [sub] });
    const { d, records, subjects, sent, setClock } = world(directory([sleepy]));
    const open = alert({ id: 'open-1', severity: 'warning' });
    const gone = alert({ id: 'gone-1', severity: 'warning' });
    let finished = 0;
    d.handle(event('raised', open), () => finished++);
    d.handle(event('raised', gone), () => finished++);
    d.handle(event('resolved', { ...gone, state: 'resolved' }), () => finished++);
    await d.idle();
    // The events are done with (the journal must not wait for the morning); nothing was sent.
    expect(finished).toBe(3);
    expect(sent).toEqual([]);
    const quiet = records.filter((r) => r.status === 'quiet');
    expect(quiet.map((r) => [r.alertIds[0], r.personId, r.until])).toEqual([['open-1', 'sleepy', MORNING], ['gone-1', 'sleepy', MORNING], ['gone-1', 'sleepy', MORNING]]);
    expect(deliveryDetail(quiet[0])).toBe('not sent to Sari (subscriber): quiet hours until 06:00 WITA');
    const [line] = buildTimeline([quiet[0]], {});
    expect([line.key, line.params.until]).toEqual(['delivery.quiet', '06:00']);
    expect(translate('id', line.key, line.params)).toBe('Tidak dikirim ke Sari: jam tenang sampai 06:00');
    expect(translate('en', line.key, line.params)).toBe('Not sent to Sari: quiet hours until 06:00');

    // A critical alert in the night goes through at once.
    d.handle(event('raised', alert({ id: 'crit-1' })));
    await d.idle();
    expect(sent.map((m) => m.alertIds)).toEqual([['crit-1']]);

    setClock(MORNING - 1_000);
    d.tick(MORNING - 1_000);
    await d.idle();
    expect(sent).toHaveLength(1);
    setClock(MORNING);
    d.tick(MORNING);
    await d.idle();
    expect(sent.map((m) => m.alertIds)).toEqual([['crit-1'], ['open-1']]);
    const digest = subjects.at(-1);
    expect(digest?.type === 'digest' && digest.quietWindowMs).toBe(MORNING - NIGHT);
    expect(records.at(-1)).toMatchObject({ reason: 'digest', status: 'sent', alertIds: ['open-1'] });
    // Once only.
    d.tick(MORNING + 60_000);
    await d.idle();
    expect(sent).toHaveLength(2);
  });

  it('the morning digest says it comes from the quiet hours, in both languages', () => {
    const ctx = { personId: 'sari', url: 'https://pantau.test/alerts', windowMs: 8 * 3_600_000, quiet: true };
    const id = renderDigest([alert({ severity: 'warning' })], { ...ctx, language: 'id' });
    const en = renderDigest([alert({ severity: 'warning' })], { ...ctx, language: 'en' });
    expect(id.title).toBe('1 peringatan masih terbuka dari jam tenang Anda');
    expect(en.title).toBe('1 alert still open from your quiet hours');
    expect(en.body).toMatch(/not sent during your quiet hours and are still open/);
  });

  it('after a restart, the quiet records whose hours have not ended come back with their alerts, if still open', () => {
    const rec = (alertId: string, until: number, at = NIGHT): DeliveryRecord => ({ at, alertIds: [alertId], personId: 'dewi', personName: 'Dewi', reason: 'subscription', channel: 'email', status: 'quiet', attempt: 0, until });
    const open = alert({ id: 'open', severity: 'warning' });
    const events = [event('raised', open), event('raised', alert({ id: 'gone' })), event('resolved', alert({ id: 'gone', state: 'resolved' }))];
    const holds = openQuietHolds(events, [rec('open', MORNING, NIGHT + 5), rec('gone', MORNING), rec('past', NIGHT - 1), rec('unknown-alert', MORNING)], NIGHT + 10);
    expect(holds.map((h) => [h.personId, h.alert.id, h.until, h.at])).toEqual([['dewi', 'open', MORNING, NIGHT + 5]]);
  });

  it('an alert held for the quiet hours that turns critical goes at once, and is not in the morning digest again', async () => {
    const sleepy = person('sleepy', { quietHours: QUIET, channels: [channel(1, 'email', 0)], subscriptions: [sub] });
    const { d, sent, setClock } = world(directory([sleepy]));
    const rising = alert({ id: 'rising', severity: 'warning' });
    d.handle(event('raised', rising));
    d.handle(event('raised', alert({ id: 'other', severity: 'warning' })));
    d.handle(event('escalated', { ...rising, severity: 'critical', updatedAt: 2_000 }, 2_000));
    await d.idle();
    expect(sent.map((m) => m.alertIds)).toEqual([['rising']]);
    setClock(MORNING);
    d.tick(MORNING);
    await d.idle();
    expect(sent.map((m) => m.alertIds)).toEqual([['rising'], ['other']]);
    // Nor after a restart: a hold whose alert is critical now is not read back.
    const rec: DeliveryRecord = { at: NIGHT, alertIds: ['rising'], personId: 'sleepy', personName: 'S', reason: 'subscription', channel: 'email', status: 'quiet', attempt: 0, until: MORNING };
    const events = [event('raised', rising), event('escalated', { ...rising, severity: 'critical' })];
    expect(openQuietHolds(events, [rec], NIGHT + 10)).toEqual([]);
  });
});
