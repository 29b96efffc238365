import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { parseInfluxConfig } from '../../../src/lib/core/influx-config';
import { compareChainCopies, openChains } from './restore';
import { openQuietHolds } from './quiet';
import { deliveriesQuery } from './restore-read';
import { alert, channel, directory, event, person } from './test-fixtures';

const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], backupAfterMin: 10, leadAfterMin: 20 };
const rec = (alertId: string, reason: DeliveryRecord['reason'], at: number): DeliveryRecord => ({
  at, alertIds: [alertId], personId: 'p', personName: 'P', teamId: 'bpbd', reason, channel: 'email', status: 'sent', attempt: 1
});

describe('restore', () => {
  it('finds open critical emergencies and the steps their deliveries show', () => {
    const open = alert({ id: 'open' });
    const acked = alert({ id: 'acked' });
    const warning = alert({ id: 'warn', severity: 'warning' });
    const events = [
      event('raised', open, 100),
      event('raised', acked, 100),
      event('acknowledged', { ...acked, state: 'acknowledged' }, 200),
      event('raised', warning, 100),
      event('commented', open, 300)
    ];
    const chains = openChains(events, [rec('open', 'oncall', 150), rec('open', 'backup', 900), rec('acked', 'oncall', 100)], directory([], { teams: [team] }));
    expect(chains).toEqual([{ alert: open, teamId: 'bpbd', openedAt: 150, done: ['backup'], round: 0 }]);
  });

  it('rebuilds from a storm of records quickly and without exhausting the stack', () => {
    const records = Array.from({ length: 200_000 }, (_, i) => rec('x', i === 123_456 ? 'backup' : 'oncall', 1_000 + (i % 5_000)));
    const chains = openChains([event('raised', alert({ id: 'x' }), 500)], records, directory([], { teams: [team] }));
    expect(chains.map((c) => [c.openedAt, c.done])).toEqual([[1_000, ['backup']]]);
  });

  it('without deliveries a chain starts from when the alert began paging', () => {
    const chains = openChains([event('raised', alert({ id: 'x' }), 500)], [], directory([], { teams: [team] }));
    expect(chains.map((c) => [c.openedAt, c.done])).toEqual([[500, []]]);
  });

  it('an alert reopened after an acknowledgement (it got worse) restores the new round, not the first one', () => {
    const MIN = 60_000;
    const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
    const events = [
      event('raised', a, 0),
      event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 12 * MIN }, 12 * MIN),
      event('escalated', { ...a, level: 1, state: 'raised', worsenedAt: 60 * MIN, updatedAt: 60 * MIN }, 60 * MIN)
    ];
    const records = [rec('x', 'oncall', 0), rec('x', 'backup', 10 * MIN), rec('x', 'lead', 20 * MIN), rec('x', 'oncall', 60 * MIN + 5)];
    expect(openChains(events, records, directory([], { teams: [team] })).map((c) => [c.openedAt, c.done])).toEqual([[60 * MIN + 5, []]]);
    // Its backup already paged in this round: only the lead is left.
    const more = [...records, rec('x', 'backup', 70 * MIN)];
    expect(openChains(events, more, directory([], { teams: [team] })).map((c) => [c.openedAt, c.done])).toEqual([[60 * MIN + 5, ['backup']]]);
  });

  it('an acknowledgement made on the copy from before a worsening (refused live, stored later on the web clock) ends no chain', () => {
    const MIN = 60_000;
    const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
    const worse = { ...a, level: 3, worsenedAt: 2 * MIN, updatedAt: 2 * MIN };
    const staleAck = event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 3 * MIN, acknowledgedBy: 'ani', updatedAt: 3 * MIN }, 3 * MIN);
    const events = [event('raised', a, 0), event('escalated', worse, 2 * MIN), staleAck];
    // The chain goes on from its first on-call page, at the worsened level; its backup already paged is not paged again.
    const chains = openChains(events, [rec('x', 'oncall', 0), rec('x', 'backup', 10 * MIN)], directory([], { teams: [team] }));
    expect(chains.map((c) => [c.alert.level, c.alert.state, c.openedAt, c.done])).toEqual([[3, 'raised', 0, ['backup']]]);
    // An acknowledgement of the worsened copy does end it.
    const ack = event('acknowledged', { ...worse, state: 'acknowledged', acknowledgedAt: 4 * MIN, updatedAt: 4 * MIN }, 4 * MIN);
    expect(openChains([...events, ack], [rec('x', 'oncall', 0)], directory([], { teams: [team] }))).toEqual([]);
    // A quiet hold shows the alert as the ingest holds it, not as the refused acknowledgement left it.
    const warning = events.map((e) => ({ ...e, alert: { ...e.alert, severity: 'warning' as const } }));
    const quietRecord: DeliveryRecord = { ...rec('x', 'subscription', MIN), status: 'quiet', until: 30 * MIN };
    expect(openQuietHolds(warning, [quietRecord], 5 * MIN).map((h) => [h.alert.state, h.alert.level])).toEqual([['raised', 3]]);
  });

  it('done steps whose pages all went out before the latest worsening are stale, with the event of that worsening (review G1)', () => {
    const MIN = 60_000;
    const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
    const first = { ...a, level: 3, worsenedAt: 20 * MIN, updatedAt: 20 * MIN };
    const worse = { ...a, level: 4, worsenedAt: 40 * MIN, updatedAt: 40 * MIN };
    const worsening = event('escalated', worse, 40 * MIN);
    // A later event of that version (a comment) and a replayed older worsening key no pages: the worsening's own event does.
    const events = [event('raised', a, 0), event('escalated', first, 20 * MIN), worsening, event('commented', { ...worse, updatedAt: 41 * MIN }, 41 * MIN), event('escalated', first, 42 * MIN)];
    const dir = directory([], { teams: [team] });
    const base = [rec('x', 'oncall', 0), rec('x', 'backup', 10 * MIN), rec('x', 'lead', 20 * MIN)];
    const [chain] = openChains(events, base, dir);
    expect(chain.done).toEqual(['backup', 'lead']);
    expect(chain.stale).toEqual({ steps: ['backup', 'lead'], event: worsening });
    // Paged again since (the live notifier handled it): fresh links, nothing stale; a page cut mid-send since still is.
    expect(openChains(events, [...base, rec('x', 'backup', 40 * MIN), rec('x', 'lead', 40 * MIN)], dir)[0].stale).toBeUndefined();
    const cut: DeliveryRecord = { ...rec('x', 'lead', 40 * MIN), status: 'failed' };
    expect(openChains(events, [...base, rec('x', 'backup', 40 * MIN), cut], dir)[0].stale?.steps).toEqual(['lead']);
    // Never worsened: nothing stale.
    expect(openChains([event('raised', a, 0)], base, dir)[0].stale).toBeUndefined();
    // The worsening's event not read (past the look-back): the latest event keys the pages, not the older worsening's.
    const later = [event('raised', a, 0), event('escalated', first, 20 * MIN), event('updated', worse, 40 * MIN)];
    expect(openChains(later, base, dir)[0].stale?.event).toEqual(later[2]);
  });

  it('a step cut mid-send is not done: failed with a retry pending, a push alone before the next channel, a fallback', () => {
    const dir = directory([person('b', { channels: [channel(1, 'webpush', 0), channel(2, 'whatsapp', 1), channel(3, 'email', 2)] })], { teams: [team] });
    const events = [event('raised', alert({ id: 'x' }), 0)];
    const step = (channelKind: DeliveryRecord['channel'], status: DeliveryRecord['status'], at = 600_000): DeliveryRecord => ({ ...rec('x', 'backup', at), personId: 'b', channel: channelKind, status });
    const done = (...backup: DeliveryRecord[]) => openChains(events, [rec('x', 'oncall', 0), ...backup], dir)[0].done;
    expect(done(step('email', 'failed'))).toEqual([]);
    expect(done(step('webpush', 'sent'))).toEqual([]);
    expect(done(step('webpush', 'sent'), step('whatsapp', 'fallback'))).toEqual([]);
    expect(done(step('webpush', 'sent'), step('whatsapp', 'fallback'), step('email', 'fallback', 600_001))).toEqual(['backup']);
    expect(done(step('email', 'failed'), step('email', 'sent', 600_001))).toEqual(['backup']);
    expect(done(step('email', 'given_up'))).toEqual(['backup']);
  });

  it('the quiet holds are read newest first: past the limit the ones still waiting are kept, not the night’s first', () => {
    const influx = parseInfluxConfig({});
    const quiet = deliveriesQuery(influx, `"status" = 'quiet'`, 1, true);
    expect(quiet).toMatch(/WHERE "status" = 'quiet' AND time > now\(\) - 1d ORDER BY time DESC LIMIT \d+$/);
    // A chain's first on-call page dates it: those are read oldest first.
    expect(deliveriesQuery(influx, `"reason" = 'oncall'`, 2)).not.toContain('DESC');
  });

  it('an alert resolved after a worsening stays resolved though the worsening is stored later (a gauge whose clock runs behind)', () => {
    const MIN = 60_000;
    // The worsening is dated on the ingest's clock, the resolution by its reading (7 min behind): read back by time,
    // the resolution comes before the worsening it followed; its alert is the newer one.
    const a = alert({ id: 'x', raisedAt: -7 * MIN, updatedAt: -7 * MIN });
    const worse = { ...a, level: 1, worsenedAt: 19 * MIN, updatedAt: 19 * MIN };
    const events = [
      event('raised', a, -7 * MIN),
      event('resolved', { ...worse, state: 'resolved' as const, resolvedAt: 19 * MIN + 1, updatedAt: 19 * MIN + 1 }, 12 * MIN),
      event('escalated', worse, 19 * MIN)
    ];
    expect(openChains(events, [rec('x', 'oncall', -7 * MIN)], directory([], { teams: [team] }))).toEqual([]);
    const quietRecord: DeliveryRecord = { ...rec('x', 'subscription', 12 * MIN), status: 'quiet', until: 30 * MIN };
    const warning = events.map((e) => ({ ...e, alert: { ...e.alert, severity: 'warning' as const } }));
    expect(openQuietHolds(warning, [quietRecord], 20 * MIN)).toEqual([]);
    // Same updatedAt: the later in the list wins (as foldAlertEvents).
    const tie = [event('raised', a, 0), event('updated', { ...a, severity: 'warning' }, 0)];
    expect(openQuietHolds(tie, [quietRecord], 20 * MIN).map((h) => h.alert.severity)).toEqual(['warning']);
  });
});

describe('compareChainCopies', () => {
  it('orders copies by what a chain goes by: version, then acknowledged or resolved; not updatedAt', () => {
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    const commented = { ...a, updatedAt: 5, comments: [{ by: 'ani', at: 5, text: 'x' }] };
    expect(compareChainCopies(commented, a)).toBe(0);
    expect(compareChainCopies({ ...a, worsenedAt: 3, updatedAt: 3 }, commented)).toBeGreaterThan(0);
    expect(compareChainCopies({ ...a, state: 'acknowledged', acknowledgedAt: 4, updatedAt: 4 }, commented)).toBeGreaterThan(0);
    expect(compareChainCopies({ ...a, state: 'resolved', resolvedAt: 4, updatedAt: 4 }, { ...a, worsenedAt: 3, updatedAt: 3 })).toBeGreaterThan(0);
    // An acknowledgement of the copy from before a worsening is older than the worsening.
    expect(compareChainCopies({ ...a, state: 'acknowledged', acknowledgedAt: 9, updatedAt: 9 }, { ...a, worsenedAt: 3, updatedAt: 3 })).toBeLessThan(0);
  });
});
