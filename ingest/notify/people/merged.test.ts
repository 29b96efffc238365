import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { recipientsFor } from './route';
import { testNotifier } from './test-notifier';
import { alert, channel, directory, event, person } from './test-fixtures';

/**
 * An ingest restarted while InfluxDB was slow raised a flood again (B) before it read the open one (A) back; then it
 * folded B into A (ingest/detect/alert-fold.ts): `updated` A, and B `resolved` with `mergedInto: A`. The notifier must
 * stop B's chain without a message (B's close is no all-clear: the flood goes on as A), and A's chain goes on on its own
 * time (its lead not paged late, nor a new round when A was acknowledged).
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 5, leadAfterMin: 10 };
const shift = (id: number, personId: string, role: 'primary' | 'backup') => ({ id, teamId: 'bpbd', personId, role, start: 0, end: FOREVER });
const everyFlood = { districts: [], kinds: [], categories: [], minSeverity: 'info' as const };
const people = [
  ...['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })),
  person('dewi', { channels: [channel(9, 'email', 0)], subscriptions: [{ id: 1, ...everyFlood }] })
];
const dir = directory(people, { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] });
const S = 1_000; // a team minute in the test

const A = alert({ id: 'gl-01:flood_level:0', raisedAt: 0, updatedAt: 0 });
const B = alert({ id: 'gl-01:flood_level:3000', raisedAt: 3 * S, updatedAt: 3 * S });
/** What the ingest publishes at the late restore (at 4 team minutes). */
function fold(kept: Alert): AlertEvent[] {
  const merged: Alert = { ...B, state: 'resolved', resolvedAt: 4 * S, resolvedBy: 'pantau', mergedInto: A.id, updatedAt: 4 * S };
  return [event('updated', { ...kept, value: 230, updatedAt: 4 * S }, 4 * S), event('resolved', merged, 4 * S)];
}

function run(events: [number, AlertEvent][], until: number) {
  const mail: string[] = [];
  const records: DeliveryRecord[] = [];
  const n = testNotifier({ dir, mail, records, start: 0, letter: (t, clock) => `${t}@${clock / S}` });
  return {
    mail,
    n,
    done: (async () => {
      for (const [at, e] of events) {
        await n.runTo(at);
        n.d.handle(e);
        await n.d.idle();
      }
      await n.runTo(until);
    })()
  };
}

describe('notifier: an alert merged into another (mergedInto)', () => {
  it('its close messages nobody (no "Selesai" to the subscriber) and stops its chain', () => {
    const merged = fold(A)[1];
    expect(recipientsFor(dir, merged, 4 * S)).toEqual([]);
    // an ordinary resolution still tells the subscriber
    expect(recipientsFor(dir, event('resolved', { ...merged.alert, mergedInto: undefined }, 4 * S), 4 * S).map((r) => r.person.id)).toEqual(['dewi']);
  });

  it('unacknowledged: the older alert’s backup and lead come on its own time; the newer’s chain pages nobody past its primary', async () => {
    const w = run([[0, event('raised', A, 0)], [3 * S, event('raised', B, 3 * S)], ...fold(A).map((e): [number, AlertEvent] => [4 * S, e])], 30 * S);
    await w.done;
    // A's primary at 0 (and dewi), B's primary again at 3 (raised before the restore: cannot be taken back), A's backup at 5, lead at 10
    expect(w.mail).toEqual(['ani:oncall@0', 'dewi:subscription@0', 'ani:oncall@3', 'dewi:subscription@3', 'budi:backup@5', 'citra:lead@10']);
  });

  it('unacknowledged, the newer escalated by time: the older takes it as an update, its chain goes on (no second page of its primary, backup and lead once)', async () => {
    const escalatedB: Alert = { ...B, severity: 'critical', escalated: true, updatedAt: 3.5 * S };
    const kept: Alert = { ...A, severity: 'critical', escalated: true };
    const events: [number, AlertEvent][] = [[0, event('raised', A, 0)], [3 * S, event('raised', B, 3 * S)], [3.5 * S, event('escalated', escalatedB, 3.5 * S)]];
    const w = run([...events, ...fold(kept).map((e): [number, AlertEvent] => [4 * S, e])], 30 * S);
    await w.done;
    // B's time escalation while its own chain runs pages nobody more; A's critical update neither: A's steps on its own time
    expect(w.mail).toEqual(['ani:oncall@0', 'dewi:subscription@0', 'ani:oncall@3', 'dewi:subscription@3', 'budi:backup@5', 'citra:lead@10']);
  });

  it('acknowledged: no page round for the merged condition, and no all-clear', async () => {
    const acked: Alert = { ...A, state: 'acknowledged', acknowledgedAt: 1 * S, acknowledgedBy: 'ani', updatedAt: 1 * S };
    const w = run([[0, event('raised', A, 0)], [1 * S, event('acknowledged', acked, 1 * S)], [3 * S, event('raised', B, 3 * S)], ...fold(acked).map((e): [number, AlertEvent] => [4 * S, e])], 30 * S);
    await w.done;
    expect(w.mail).toEqual(['ani:oncall@0', 'dewi:subscription@0', 'ani:oncall@3', 'dewi:subscription@3']);
  });

  it('a notifier restarted after the merge restores no chain for the merged alert', async () => {
    const mail: string[] = [];
    const title = (p: { id: string }, s: { reason: string; alert: Alert }) => `${p.id}:${s.reason}:${s.alert.id === B.id ? 'B' : 'A'}`;
    const n = testNotifier({ dir, mail, records: [], start: 5 * S, title });
    n.restoreFrom([event('raised', A, 0), event('raised', B, 3 * S), ...fold(A)]);
    await n.runTo(30 * S);
    expect(mail.filter((m) => m.endsWith(':A')).length).toBeGreaterThan(0);
    expect(mail.filter((m) => m.endsWith(':B'))).toEqual([]);
  });
});
