import { describe, expect, it } from 'vitest';
import { alertMarksQuery, latestDocQueries, openAlertPairs } from './alert-lookback';

const mark = (sensor: string, rule: string, event: string, time: number) => ({ name: 'alert_events', tags: { sensor, rule, event }, columns: ['time', 'id'], values: [[time, `${sensor}:${rule}:x`]] });

describe('open alerts from before the recent window', () => {
  it('a pair is open when its last raise came after its last resolve', () => {
    const pairs = openAlertPairs([
      mark('air-01', 'sensor_silent', 'raised', 100),
      mark('flood-02', 'flood_level', 'raised', 100),
      mark('flood-02', 'flood_level', 'resolved', 200),
      mark('flood-03', 'flood_level', 'resolved', 100),
      mark('flood-03', 'flood_level', 'raised', 300)
    ]);
    expect(pairs).toEqual([
      { sensor: 'air-01', rule: 'sensor_silent' },
      { sensor: 'flood-03', rule: 'flood_level' }
    ]);
  });

  it('quotes what comes from sensor ids and batches the pairs', () => {
    const pairs = Array.from({ length: 120 }, (_, i) => ({ sensor: i === 0 ? "x' OR '1'='1" : `s-${i}`, rule: 'flood_level' }));
    const qs = latestDocQueries('"db"."events"."alert_events"', pairs, 30);
    expect(qs).toHaveLength(3);
    expect(qs[0]).toContain(`"sensor" = 'x\\' OR \\'1\\'=\\'1'`);
    expect(qs[0]).toContain('time > now() - 30d');
    expect(alertMarksQuery('"db"."events"."alert_events"', 7.9)).toContain('now() - 7d');
  });
});
