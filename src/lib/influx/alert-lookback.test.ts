import { describe, expect, it } from 'vitest';
import type { Alert } from '../core/alert';
import { formatAlertEventLine } from '../core/line-protocol';
import { testAlert } from '../server/alert-fixtures';
import { alertMarksQuery, foldNewestCopies, latestDocQueries, openAlertPairs } from './alert-lookback';

const mark = (sensor: string, rule: string, event: string, time: number) => ({ name: 'alert_events', tags: { sensor, rule, event }, columns: ['time', 'id'], values: [[time, `${sensor}:${rule}:${time}`]] });

describe('open alerts from before the recent window', () => {
  it('a pair is open when its last raise came after its last resolve', () => {
    const pairs = openAlertPairs([
      mark('air-01', 'sensor_silent', 'raised', 100),
      mark('flood-02', 'flood_level', 'raised', 100),
      mark('flood-02', 'flood_level', 'resolved', 200),
      mark('flood-03', 'flood_level', 'resolved', 100),
      mark('flood-03', 'flood_level', 'raised', 300)
    ]);
    // Each with the alert id of its last raise: an earlier alert of the pair is not read back.
    expect(pairs).toEqual([
      { sensor: 'air-01', rule: 'sensor_silent', id: 'air-01:sensor_silent:100' },
      { sensor: 'flood-03', rule: 'flood_level', id: 'flood-03:flood_level:300' }
    ]);
  });

  it('quotes what comes from sensor ids and batches the pairs', () => {
    const pairs = Array.from({ length: 120 }, (_, i) => ({ sensor: i === 0 ? "x' OR '1'='1" : `s-${i}`, rule: 'flood_level', id: i === 1 ? "a' OR '1'='1" : `s-${i}:1` }));
    const qs = latestDocQueries('"db"."events"."alert_events"', pairs, 30);
    expect(qs).toHaveLength(3);
    expect(qs[0]).toContain(`"sensor" = 'x\\' OR \\'1\\'=\\'1'`);
    expect(qs[0]).toContain(`"sensor" = 's-1' AND "rule" = 'flood_level' AND "alert_id" = 'a\\' OR \\'1\\'=\\'1'`);
    expect(qs[0]).toContain('time > now() - 30d');
    expect(alertMarksQuery('"db"."events"."alert_events"', 7.9)).toContain('now() - 7d');
  });

  it('folds the docs read to one copy per alert, the newest by version with people\'s comments', () => {
    const raised = { ...testAlert('a1', 100), level: 1 };
    const worse = { ...raised, level: 2, worsenedAt: 200, updatedAt: 200 };
    const staleAck = { ...raised, state: 'acknowledged' as const, updatedAt: 300, comments: [{ by: 'p', at: 300, text: 'ok' }] };
    const held = foldNewestCopies(new Map(), [raised, worse]);
    foldNewestCopies(held, [staleAck, testAlert('a2', 50)]);
    expect([...held.keys()]).toEqual(['a1', 'a2']);
    expect(held.get('a1')).toMatchObject({ state: 'raised', level: 2, comments: [{ text: 'ok' }] });
  });
});

/**
 * A late restore kept the older of two alerts for one sensor and rule (A1) and closed the newer (A2) as merged into it:
 * the pair's last raise is A2's and its last resolve A2's merged close, A1's merge an `updated` (no mark). Past the recent
 * window the pair read as closed: neither the ingest nor the console found A1, and the next start raised it again.
 */
describe('the look-back after a late restore merged two alerts', () => {
  const resolvedMark = (sensor: string, rule: string, time: number, id: string, mergedInto: string | null) => ({
    name: 'alert_events', tags: { sensor, rule, event: 'resolved' }, columns: ['time', 'id', 'merged_into'], values: [[time, id, mergedInto]]
  });
  const raisedMark = (sensor: string, rule: string, time: number, id: string) => ({
    name: 'alert_events', tags: { sensor, rule, event: 'raised' }, columns: ['time', 'id', 'merged_into'], values: [[time, id, null]]
  });

  it('a pair whose last mark is a merged close is open as the alert it was merged into', () => {
    const pairs = openAlertPairs([raisedMark('flood-02', 'flood_level', 200, 'A2'), resolvedMark('flood-02', 'flood_level', 300, 'A2', 'A1')]);
    expect(pairs).toEqual([{ sensor: 'flood-02', rule: 'flood_level', id: 'A1' }]);
  });

  it('the kept alert resolved since, or a raise after the merge: as any pair (closed; the raise)', () => {
    const pairs = openAlertPairs([
      raisedMark('flood-02', 'flood_level', 200, 'A2'),
      resolvedMark('flood-02', 'flood_level', 400, 'A1', null),
      resolvedMark('flood-03', 'flood_level', 300, 'B2', 'B1'),
      raisedMark('flood-03', 'flood_level', 500, 'B3'),
      // an ordinary close read with no merged_into column at all (no merge ever stored)
      { name: 'alert_events', tags: { sensor: 'flood-04', rule: 'flood_level', event: 'resolved' }, columns: ['time', 'id'], values: [[300, 'C1']] },
      raisedMark('flood-04', 'flood_level', 200, 'C1')
    ]);
    expect(pairs).toEqual([{ sensor: 'flood-03', rule: 'flood_level', id: 'B3' }]);
  });

  it('the merged close is stored with merged_into for the marks to read; other events are not', () => {
    const a2: Alert = { ...testAlert('fl-01:flood_level:2', 200), state: 'resolved', resolvedAt: 300, resolvedBy: 'pantau', mergedInto: 'fl-01:flood_level:1' };
    expect(formatAlertEventLine({ type: 'resolved', at: 300, by: 'pantau', alert: a2 })).toContain(',merged_into="fl-01:flood_level:1" 300');
    expect(formatAlertEventLine({ type: 'raised', at: 200, by: 'pantau', alert: testAlert('x', 200) })).not.toContain('merged_into');
    expect(alertMarksQuery('"db"."events"."alert_events"')).toMatch(/^SELECT LAST\("alert_id"\) AS "id", "merged_into" FROM /);
  });
});
