import { describe, expect, it } from 'vitest';
import type { RetentionConfig } from '../../core/retention';
import { DAY_MS } from '../../reports/period';
import { dayStart, WEEK } from '../../reports/seeded-week';
import { buildEscalationsQuery, parseEscalations } from './escalations';
import { parseTrafficSlots, planTrafficSlotQueries } from './traffic-slots';

const retention = (rollups: boolean, minuteHours = 730 * 24): RetentionConfig => ({ rawHours: 720, minuteHours, hourHours: 0, eventsHours: 0, eventsPolicy: 'events', rollups });

describe('traffic half-hour queries', () => {
  it('read the 10 weekdays before the end from the 1-minute rollup, one day per query, half-hour means per sensor', () => {
    const qs = planTrafficSlotQueries(WEEK.end, WEEK.end + 30 * DAY_MS, retention(true));
    expect(qs).toHaveLength(10);
    // Mon 16 Nov is the first of the 10 (Sun 29 Nov back: 27, 26, 25, 24, 23, 20, 19, 18, 17, 16).
    expect(qs[0]).toBe(`SELECT MEAN("mean_flow") AS "flow", MEAN("mean_speed") AS "speed", MEAN("mean_occupancy") AS "occupancy" FROM "rollup_1m"."traffic" WHERE time >= ${dayStart(0)}ms AND time < ${dayStart(1)}ms GROUP BY time(30m), "sensor" fill(none)`);
    expect(qs.some((q) => q.includes(`time >= ${dayStart(5)}ms`))).toBe(false); // Saturday 21 Nov
  });

  it('read raw readings without rollups, or when the 1-minute rollup no longer reaches back', () => {
    for (const r of [retention(false), retention(true, 24)]) {
      const qs = planTrafficSlotQueries(WEEK.end, WEEK.end + 30 * DAY_MS, r);
      expect(qs.every((q) => q.includes('FROM "traffic" ') && q.includes('MEAN("speed") AS "speed"'))).toBe(true);
    }
  });

  it('in a day still running, stop at now and read the minutes the rollup has not reached from raw', () => {
    const now = dayStart(10) + 17 * 3_600_000 + 10 * 60_000; // Thu 26 Nov 17:10 WITA
    const qs = planTrafficSlotQueries(dayStart(11), now, retention(true));
    const today = qs.filter((q) => q.includes(`time >= ${dayStart(10)}ms`) || q.includes(`time < ${now}ms`));
    expect(today.at(-1)).toContain(`FROM "traffic" WHERE time >= ${dayStart(10) + 17 * 3_600_000}ms AND time < ${now}ms`);
    expect(today[0]).toContain('"rollup_1m"');
  });

  it('parse half-hour means, skipping rows without a number', () => {
    const slots = parseTrafficSlots([{ name: 'traffic', tags: { sensor: 'a' }, columns: ['time', 'flow', 'speed', 'occupancy'], values: [[1000, 900, 12.5, 40], [2000, null, null, null]] }]);
    expect(slots).toEqual([{ sensorId: 'a', start: 1000, mean: { flow: 900, speed: 12.5, occupancy: 40 } }]);
  });
});

describe('escalation deliveries', () => {
  it('query backup and lead deliveries of the period from the events policy', () => {
    expect(buildEscalationsQuery({ database: 'pantau', retention: retention(true) }, 1000, 2000))
      .toBe(`SELECT "alert_id", "doc" FROM "pantau"."events"."deliveries" WHERE time >= 1000ms AND time < 2000ms AND ("reason" = 'backup' OR "reason" = 'lead') ORDER BY time ASC LIMIT 20000`);
  });

  it('parse the stored records, leaving out rows that are not one', () => {
    const doc = JSON.stringify({ at: 5, alertIds: ['x:flood_level:1'], personId: 'budi', personName: 'Budi', reason: 'backup', channel: 'whatsapp', status: 'sent', attempt: 1 });
    const rows = parseEscalations([{ name: 'deliveries', columns: ['time', 'alert_id', 'doc'], values: [[5, 'x:flood_level:1', doc], [6, 'y', '{not json'], [7, 'z', doc.replace('"backup"', '"oncall"')]] }]);
    expect(rows).toEqual([{ at: 5, alertId: 'x:flood_level:1', personId: 'budi', personName: 'Budi', reason: 'backup' }]);
  });
});
