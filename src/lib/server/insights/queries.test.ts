import { describe, expect, it } from 'vitest';
import { parseRetentionConfig } from '../../core/retention';
import type { Bucket } from '../../insights/types';
import { buildBucketQueries, chunkRange } from './queries';
import { AIR_SPEC, FLOOD_SPEC, mergeSameTime, uptimeSpec } from './read';
import { parseInsightFile, parseInsightRange } from './request';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const DAY = 86_400_000;
const retention = parseRetentionConfig({}, 'v1');

describe('insights queries', () => {
  it('reads a month of air from the 1-hour rollup, the newest hours from raw readings', () => {
    const q = buildBucketQueries(AIR_SPEC, NOW - 28 * DAY, NOW, NOW, retention);
    expect(q.intervalS).toBe(3600);
    expect(q.queries).toHaveLength(2);
    // Hourly buckets from the hourly rollup: its rows as they are, the sensor as a column.
    expect(q.queries[0]).toMatch(/^SELECT "sensor", "mean_pm25" AS "pm25", .* FROM "rollup_1h"\."air" WHERE time >= \d+ms AND time < \d+ms$/);
    expect(q.queries[1]).toContain('MEAN("pm25") AS "pm25"');
    expect(q.queries[1]).toMatch(/FROM "air" WHERE time >= \d+ms AND time <= \d+ms GROUP BY time\(3600s\), "sensor" fill\(none\)$/);
  });

  it('counts readings from the rollup as the sum of its counts, and raw when rollups are off', () => {
    expect(buildBucketQueries(uptimeSpec('flood'), NOW - 7 * DAY, NOW - DAY, NOW, retention).queries).toEqual([
      `SELECT "sensor", "count_water_level" AS "water_level_count" FROM "rollup_1h"."flood" WHERE time >= ${NOW - 7 * DAY}ms AND time <= ${NOW - DAY - 1}ms`
    ]);
    expect(buildBucketQueries(uptimeSpec('flood'), NOW - 7 * DAY, NOW - DAY, NOW).queries[0]).toContain('COUNT("water_level") AS "water_level_count" FROM "flood"');
  });

  it('reads flood maxima in 10-minute buckets from the 1-minute rollup, wider for long ranges', () => {
    const month = buildBucketQueries(FLOOD_SPEC, NOW - 30 * DAY, NOW - DAY, NOW, retention);
    expect(month.intervalS).toBe(600);
    expect(month.queries[0]).toContain('MAX("max_water_level") AS "water_level" FROM "rollup_1m"."flood"');
    expect(buildBucketQueries(FLOOD_SPEC, NOW - 92 * DAY, NOW - DAY, NOW, retention).intervalS).toBeGreaterThan(600);
  });
});

describe('chunks of a range', () => {
  it('end on whole buckets, so no bucket is read by two queries', () => {
    const H = 3_600_000;
    expect(chunkRange(10 * H + 5, 15 * H, H, 2)).toEqual([
      [10 * H + 5, 12 * H],
      [12 * H, 14 * H],
      [14 * H, 15 * H]
    ]);
    expect(chunkRange(0, 3 * H, H, 0)).toHaveLength(3);
  });
});

describe('rollup rows of one sensor at one time', () => {
  it('become one bucket: counts added, other values from the first row', () => {
    const rows: Bucket[] = [
      { ts: 1, values: { speed: 30, flow_count: 40 } },
      { ts: 1, values: { speed: 50, flow_count: 20 } },
      { ts: 2, values: { speed: 10 } }
    ];
    expect(mergeSameTime(rows)).toEqual([
      { ts: 1, values: { speed: 30, flow_count: 60 } },
      { ts: 2, values: { speed: 10 } }
    ]);
  });
});

describe('insights requests', () => {
  const p = (q: string) => new URLSearchParams(q);
  it('defaults to the last 28 days ending now, from on a whole hour', () => {
    const r = parseInsightRange(p(''), 'air', NOW + 1234);
    expect(r).toEqual({ ok: true, range: { fromMs: NOW - 28 * DAY, toMs: NOW + 1234 } });
  });

  it('refuses bad times, reversed ranges and ranges over the view bound', () => {
    expect(parseInsightRange(p('from=yesterday'), 'air', NOW)).toMatchObject({ ok: false, code: 'BAD_FROM' });
    expect(parseInsightRange(p('to=2026-12-01&from=2026-12-02'), 'air', NOW)).toMatchObject({ ok: false, code: 'BAD_RANGE' });
    expect(parseInsightRange(p('from=2026-01-01'), 'uptime', NOW)).toMatchObject({ ok: false, code: 'RANGE_TOO_LONG' });
    expect(parseInsightRange(p('from=2026-01-01'), 'air', NOW)).toMatchObject({ ok: true });
  });

  it('knows only its four views and two formats', () => {
    expect(parseInsightFile('floods.csv')).toEqual({ view: 'floods', format: 'csv' });
    expect(parseInsightFile('uptime.json')).toEqual({ view: 'uptime', format: 'json' });
    expect(parseInsightFile('floods.xml')).toBeNull();
    expect(parseInsightFile('../floods.csv')).toBeNull();
    expect(parseInsightFile('audit.csv')).toBeNull();
  });
});
