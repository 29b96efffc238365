import { describe, it, expect } from 'vitest';
import { parseRetentionConfig } from '../core/retention';
import { chooseResolution, fieldSelect, fromClause, planRange } from './resolution';
import { buildHistoryQuery, HISTORY_MAX_POINTS } from './influx-queries';
import { buildDistrictHistoryQuery } from './district-history';
import { buildReplayQuery, planReplay, REPLAY_MAX_POINTS } from './replay';
import { splitBySensorColumn } from './query-parts';
import type { Sensor } from '../core/sensor';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 5, 1, 12, 34, 56);
const retention = parseRetentionConfig({}, 'v1');
const pick = (rangeMs: number, extra: Partial<Parameters<typeof chooseResolution>[0]> = {}) =>
  chooseResolution({ startMs: now - rangeMs, endMs: now, nowMs: now, maxPoints: HISTORY_MAX_POINTS, retention, ...extra });

describe('chooseResolution', () => {
  it('reads raw readings while buckets are narrower than a minute', () => {
    expect(pick(6 * HOUR)).toEqual({ resolution: 'raw', intervalS: 37 });
  });

  it('reads the 1-minute rollup from a day up, in whole minutes', () => {
    expect(pick(DAY)).toEqual({ resolution: '1m', intervalS: 180 });
    expect(pick(7 * DAY)).toEqual({ resolution: '1m', intervalS: 1020 });
  });

  it('reads the 1-hour rollup once buckets span an hour, in whole hours', () => {
    expect(pick(30 * DAY)).toEqual({ resolution: '1h', intervalS: 7200 });
    expect(pick(365 * DAY)).toEqual({ resolution: '1h', intervalS: 54000 });
  });

  it('never gives more buckets than the budget', () => {
    for (const range of [HOUR, 6 * HOUR, DAY, 3 * DAY, 30 * DAY, 366 * DAY]) {
      const c = pick(range);
      expect(Math.floor(range / 1000 / c.intervalS) + 1).toBeLessThanOrEqual(HISTORY_MAX_POINTS);
    }
  });

  it('goes coarser when a resolution no longer reaches back to the start', () => {
    // 10 minutes, 40 days ago: raw readings are kept 30 days, so the 1-minute rollup answers.
    const old = { startMs: now - 40 * DAY, endMs: now - 40 * DAY + 10 * 60_000 };
    expect(pick(0, old)).toEqual({ resolution: '1m', intervalS: 60 });
    const short = parseRetentionConfig({ INFLUX_ROLLUP_1M_RETENTION: '7d' }, 'v1');
    expect(pick(0, { ...old, retention: short })).toEqual({ resolution: '1h', intervalS: 3600 });
  });

  it('reads raw only when rollups are off or unknown', () => {
    expect(pick(365 * DAY, { retention: undefined }).resolution).toBe('raw');
    expect(pick(365 * DAY, { retention: parseRetentionConfig({ INFLUX_ROLLUPS: 'off' }, 'v1') }).resolution).toBe('raw');
    expect(parseRetentionConfig({}, 'v2').rollups).toBe(false);
  });

  it('honours a wider step asked for, rounded up to whole rollup intervals', () => {
    expect(pick(DAY, { minIntervalS: 200 })).toEqual({ resolution: '1m', intervalS: 240 });
  });
});

describe('planRange', () => {
  it('takes the newest, not yet rolled up, bucket from raw readings', () => {
    const choice = { resolution: '1m' as const, intervalS: 180 };
    const parts = planRange(choice, now - DAY, now, now);
    expect(parts.map((p) => p.resolution)).toEqual(['1m', 'raw']);
    expect(parts[0].endMs).toBe(parts[1].startMs);
    expect(parts[0].endMs % (180 * 1000)).toBe(0);
    expect(now - parts[1].startMs).toBeLessThanOrEqual(180_000 + 120_000);
    expect(parts[0].includeEnd).toBe(false);
  });

  it('reads only the rollup for a range that ended before its last complete interval', () => {
    const parts = planRange({ resolution: '1h', intervalS: 7200 }, now - 40 * DAY, now - 10 * DAY, now);
    expect(parts).toEqual([{ resolution: '1h', startMs: now - 40 * DAY, endMs: now - 10 * DAY, includeEnd: true }]);
  });
});

describe('rollup query text', () => {
  it('maps each aggregate to its rollup column and policy, quoted', () => {
    expect(fieldSelect('MEAN', 'water_level', 'raw')).toBe('MEAN("water_level") AS "water_level"');
    expect(fieldSelect('MEAN', 'water_level', '1h')).toBe('MEAN("mean_water_level") AS "water_level"');
    expect(fieldSelect('MAX', 'pm25', '1m')).toBe('MAX("max_pm25") AS "pm25"');
    expect(fieldSelect('LAST', 'speed', '1m')).toBe('LAST("mean_speed") AS "speed"');
    expect(fromClause('flood', 'raw')).toBe('"flood"');
    expect(fromClause('flood', '1m')).toBe('"rollup_1m"."flood"');
  });

  it('builds a year chart as a 1-hour rollup query plus the raw newest bucket', () => {
    const sensor: Sensor = { id: 'fl-01', kind: 'flood', name: 'G', district: 'Samarinda Ulu', lat: 0, lon: 0, intervalS: 60 };
    const hq = buildHistoryQuery(sensor, 8760, now, retention);
    expect(hq.resolution).toBe('1h');
    expect(hq.queries).toHaveLength(2);
    expect(hq.queries[0]).toContain('FROM "rollup_1h"."flood" WHERE "sensor" = \'fl-01\'');
    expect(hq.queries[1]).toContain('MEAN("rainfall") AS "rainfall" FROM "flood" WHERE');
  });

  it('escapes a district name like every string literal', () => {
    const dq = buildDistrictHistoryQuery('air', "Kota' OR '1'='1", 720, now, retention);
    expect(dq.queries[0]).toContain(`FROM "rollup_1h"."air_district" WHERE "district" = 'Kota\\' OR \\'1\\'=\\'1'`);
    expect(dq.queries[1]).toContain('FROM "air" WHERE "district"');
    expect(() => buildDistrictHistoryQuery('air', '', 1, now)).toThrow(/district/);
  });
});

describe('planReplay', () => {
  const day = { from: now - DAY, to: now, stepS: 173 };
  it('replays a small city in 3-minute frames of the 1-minute rollup, the newest from raw readings', () => {
    const { window, parts } = planReplay(day, now, 60, retention);
    expect(window.stepS).toBe(180);
    expect(parts.map((p) => p.resolution)).toEqual(['1m', 'raw']);
    const q = buildReplayQuery('air', window, parts[0]);
    expect(q).toContain('MAX("max_pm25") AS "pm25", ');
    expect(q).toContain('FROM "rollup_1m"."air" WHERE');
  });

  it('gives a city of 2,000 sensors hourly frames, the 1-hour rollup rows as they are (point budget)', () => {
    const { window, parts } = planReplay({ ...day, to: now - 2 * DAY, from: now - 3 * DAY }, now, 2_000, retention);
    expect(window.stepS).toBe(3600);
    expect(parts).toEqual([{ resolution: '1h', startMs: now - 3 * DAY, endMs: now - 2 * DAY, includeEnd: true }]);
    // Frames of one rollup interval: the rollup rows as they are, the sensor as a column.
    expect(buildReplayQuery('flood', window, parts[0])).toBe(
      `SELECT "sensor", "max_water_level" AS "water_level", "max_rainfall" AS "rainfall" FROM "rollup_1h"."flood" WHERE time >= ${now - 3 * DAY}ms AND time <= ${now - 2 * DAY}ms`
    );
  });

  it('keeps sensors × frames within the budget for 10,000 sensors', () => {
    const { window } = planReplay(day, now, 10_000, retention);
    expect(window.stepS).toBe(18_000);
    expect((10_000 * DAY) / 1000 / window.stepS).toBeLessThanOrEqual(REPLAY_MAX_POINTS);
  });

  it('replays raw readings without rollups, as before', () => {
    expect(planReplay(day, now, 60).window.stepS).toBe(173);
  });
});

describe('splitBySensorColumn', () => {
  it('turns one series with a sensor column into one series per sensor, rows in order', () => {
    const split = splitBySensorColumn([{ name: 'flood', columns: ['time', 'sensor', 'water_level'], values: [[1, 'a', 10], [1, 'b', 20], [2, 'a', 11]] }]);
    expect(split).toEqual([
      { name: 'flood', tags: { sensor: 'a' }, columns: ['time', 'water_level'], values: [[1, 10], [2, 11]] },
      { name: 'flood', tags: { sensor: 'b' }, columns: ['time', 'water_level'], values: [[1, 20]] }
    ]);
    const grouped = [{ name: 'flood', tags: { sensor: 'a' }, columns: ['time', 'water_level'], values: [[1, 10]] }];
    expect(splitBySensorColumn(grouped)).toEqual(grouped);
  });
});
