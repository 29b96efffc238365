import { describe, expect, it } from 'vitest';
import { indexSensors, type Sensor } from '../../core/sensor';
import { parseRetentionConfig } from '../../core/retention';
import { buildOpenQueries, OPEN_MAX_RANGE_MS, OPEN_MAX_ROWS, openColumns, parseOpenRequest, parseTime, type OpenRequest } from './request';
import { formatOpenCsv, formatOpenJson, OPEN_LICENCE, toOpenRows } from './format';

const NOW = Date.UTC(2026, 11, 6, 2, 30);
const gauge: Sensor = { id: 'flood-a', kind: 'flood', name: 'Pos A\n# injected, "quoted"', district: 'Ulu', lat: -0.48, lon: 117.13, intervalS: 60 };
const sensors = indexSensors({ city: 'x', districts: [], sensors: [gauge] });
const q = (s: string) => parseOpenRequest(new URLSearchParams(s), sensors, NOW);

describe('parseOpenRequest', () => {
  it('defaults to the last day of raw readings as JSON', () => {
    expect(q('sensor=flood-a')).toEqual({ ok: true, request: { sensor: gauge, format: 'json', resolution: 'raw', fromMs: NOW - 86_400_000, toMs: NOW } });
  });

  it('reads ISO times and epoch ms, and widens hourly ranges to whole hours', () => {
    const r = q('sensor=flood-a&from=2026-12-01T08:10:00%2B08:00&to=1796169600000&resolution=1h&format=csv');
    expect(r).toMatchObject({ ok: true, request: { format: 'csv', resolution: '1h', fromMs: Date.UTC(2026, 11, 1, 0), toMs: 1796169600000 } });
    expect(parseTime('yesterday')).toBeNull();
    expect(parseTime('2026-12-01T08:00:00Z; DROP')).toBeNull();
  });

  it('refuses impossible calendar times (400) instead of rolling them into another day', () => {
    for (const t of ['2026-02-30', '2025-02-29', '2026-11-31T10:00', '2026-12-01T24:00', '2026-12-01T08:60', '2026-12-01T08:00:60', '2026-12-01T08:00+0860', '2026-12-01T08:00+24:00', '2026-00-10', '2026-12-00']) {
      expect(parseTime(t), t).toBeNull();
      expect(q(`sensor=flood-a&from=${encodeURIComponent(t)}&to=2026-12-06`), t).toMatchObject({ ok: false, status: 400, code: 'BAD_FROM' });
    }
    // The last day of each month, a leap day, 23:59:59 and a full zone still parse.
    expect(parseTime('2028-02-29')).toBe(Date.UTC(2028, 1, 28, 16));
    expect(parseTime('2026-11-30T23:59:59')).toBe(Date.UTC(2026, 10, 30, 15, 59, 59));
    expect(parseTime('2026-12-31T23:59:59.999+14:00')).toBe(Date.UTC(2026, 11, 31, 9, 59, 59, 999));
  });

  it('reads a date alone as midnight WITA and a time without a zone as WITA, whatever the server zone', () => {
    const zone = process.env.TZ;
    // A server in another zone (Node follows TZ when it is set): zone-less times must not follow it.
    process.env.TZ = 'America/New_York';
    try {
      expect(parseTime('2026-12-01')).toBe(Date.UTC(2026, 10, 30, 16));
      expect(parseTime('2026-12-01T00:00')).toBe(Date.UTC(2026, 10, 30, 16));
      expect(parseTime('2026-12-01 08:30:15.5')).toBe(Date.UTC(2026, 11, 1, 0, 30, 15, 500));
      // An explicit zone is kept, with or without the colon.
      expect(parseTime('2026-12-01T00:00Z')).toBe(Date.UTC(2026, 11, 1));
      expect(parseTime('2026-12-01T09:00:00+0900')).toBe(Date.UTC(2026, 11, 1));
      expect(parseTime('2026-12-01T00:00:00-01:00')).toBe(Date.UTC(2026, 11, 1, 1));
      expect(parseTime('2026-13-01')).toBeNull();
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    // "The readings of 1 December": its WITA day, not UTC's.
    expect(q('sensor=flood-a&from=2026-12-01&to=2026-12-02&resolution=1h')).toMatchObject({
      ok: true, request: { fromMs: Date.UTC(2026, 10, 30, 16), toMs: Date.UTC(2026, 11, 1, 16) }
    });
  });

  it('refuses bad ids, unknown sensors, bad formats and ranges, and ranges longer than the bound', () => {
    expect(q("sensor=x' OR 1=1")).toMatchObject({ ok: false, status: 400, code: 'BAD_SENSOR_ID' });
    expect(q('sensor=flood-zz')).toMatchObject({ ok: false, status: 404, code: 'UNKNOWN_SENSOR' });
    expect(q('sensor=flood-a&format=xml')).toMatchObject({ ok: false, code: 'BAD_FORMAT' });
    expect(q('sensor=flood-a&resolution=1m')).toMatchObject({ ok: false, code: 'BAD_RESOLUTION' });
    expect(q('sensor=flood-a&from=2026-12-02&to=2026-12-01')).toMatchObject({ ok: false, code: 'BAD_RANGE' });
    const week = OPEN_MAX_RANGE_MS.raw;
    expect(q(`sensor=flood-a&from=${NOW - week}&to=${NOW}`).ok).toBe(true);
    expect(q(`sensor=flood-a&from=${NOW - week - 1}&to=${NOW}`)).toMatchObject({ ok: false, code: 'RANGE_TOO_LONG' });
    expect(q(`sensor=flood-a&from=${NOW - 300 * 86_400_000}&to=${NOW}&resolution=1h`).ok).toBe(true);
  });
});

describe('buildOpenQueries', () => {
  const req = (over: Partial<OpenRequest>): OpenRequest => ({ sensor: gauge, fromMs: NOW - 3_600_000, toMs: NOW, format: 'json', resolution: 'raw', ...over });

  it('raw: the sensor quoted, the range half-open, one row more than the cap', () => {
    expect(buildOpenQueries(req({}), NOW)).toEqual([
      `SELECT "water_level", "rainfall" FROM "flood" WHERE "sensor" = 'flood-a' AND time >= ${NOW - 3_600_000}ms AND time <= ${NOW - 1}ms ORDER BY time ASC LIMIT ${OPEN_MAX_ROWS + 1}`
    ]);
  });

  it('hourly: the 1-hour rollup for complete hours and raw readings for the newest, as the history reads plan it', () => {
    const retention = parseRetentionConfig({}, 'v1');
    const from = Date.UTC(2026, 11, 5, 0);
    const to = Date.UTC(2026, 11, 6, 3);
    const [rollup, raw] = buildOpenQueries(req({ resolution: '1h', fromMs: from, toMs: to }), NOW, retention);
    expect(rollup).toContain('FROM "rollup_1h"."flood"');
    expect(rollup).toContain('MEAN("mean_water_level") AS "water_level_mean", MIN("min_water_level") AS "water_level_min"');
    expect(rollup).toContain('SUM("count_water_level") AS "water_level_count"');
    expect(raw).toContain('FROM "flood" WHERE');
    expect(raw).toContain('COUNT("water_level") AS "water_level_count"');
    expect(raw).toMatch(/GROUP BY time\(1h\) fill\(none\)$/);
    // Without rollups (v2 default): raw readings in hourly buckets, one statement.
    expect(buildOpenQueries(req({ resolution: '1h', fromMs: from, toMs: to }), NOW, parseRetentionConfig({}, 'v2'))).toHaveLength(1);
  });
});

describe('open data formats', () => {
  const req: OpenRequest = { sensor: gauge, fromMs: NOW - 120_000, toMs: NOW, format: 'csv', resolution: 'raw' };
  const series = [{ columns: ['time', 'water_level', 'rainfall'], values: [[NOW - 60_000, 120, null], [NOW - 120_000, 118.5, 2], [NOW - 30_000, null, null]] }];

  it('rows in time order, the empty ones dropped, cut at the cap with a flag', () => {
    expect(toOpenRows(req, series, 10)).toEqual({ columns: ['water_level', 'rainfall'], rows: [[NOW - 120_000, 118.5, 2], [NOW - 60_000, 120, null]], truncated: false });
    expect(toOpenRows(req, series, 1)).toMatchObject({ rows: [[NOW - 120_000, 118.5, 2]], truncated: true });
    expect(openColumns({ sensor: gauge, resolution: '1h' })).toContain('rainfall_count');
  });

  it('CSV starts with the licence in comment lines that a sensor name cannot break', () => {
    const csv = formatOpenCsv(req, toOpenRows(req, series, 10));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(`# Pantau Samarinda open data. Licence: CC BY 4.0 (${OPEN_LICENCE.url}). Attribution: ${OPEN_LICENCE.attribution}.`);
    expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(3);
    expect(lines[1]).toContain('Pos A # injected');
    expect(lines.slice(3)).toEqual(['time,water_level,rainfall', `${new Date(NOW - 120_000).toISOString()},118.5,2`, `${new Date(NOW - 60_000).toISOString()},120,`]);
  });

  it('JSON carries the licence, the sensor, units and the rows', () => {
    const body = JSON.parse(formatOpenJson(req, toOpenRows(req, series, 10)));
    expect(body.licence).toEqual(OPEN_LICENCE);
    expect(body.units).toEqual({ water_level: 'cm', rainfall: 'mm/h' });
    expect(body.columns).toEqual(['time', 'water_level', 'rainfall']);
    expect(body.rows[1]).toEqual([new Date(NOW - 60_000).toISOString(), 120, null]);
    expect(body.truncated).toBe(false);
  });
});
