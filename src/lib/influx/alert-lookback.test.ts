import { describe, expect, it } from 'vitest';
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
