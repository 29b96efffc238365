import { describe, it, expect } from 'vitest';
import { parseRetentionConfig } from './retention';
import { continuousQueryStatement, copyAlertEventsStatement, copyIntoPolicyStatement, goDurationHours, rebuildStatements, retentionStatements, rollupSelect } from './rollup-statements';
import { alertEventsFrom, alertEventsWritePath, auditFrom, parseInfluxConfig } from './influx-config';
import { ROLLUPS } from './retention';

const defaults = parseRetentionConfig({}, 'v1');

describe('retention config', () => {
  it('keeps raw 30 days, 1-minute rollups 2 years, 1-hour rollups and alert events forever by default', () => {
    expect(defaults).toEqual({ rawHours: 720, minuteHours: 17520, hourHours: 0, eventsHours: 0, eventsPolicy: 'events', rollups: true });
  });

  it('reads INFLUX_EVENTS_RETENTION, refuses less than a day, and has no events policy with v2 (a bucket, not a policy)', () => {
    expect(parseRetentionConfig({ INFLUX_EVENTS_RETENTION: '520w' }, 'v1').eventsHours).toBe(87360);
    expect(() => parseRetentionConfig({ INFLUX_EVENTS_RETENTION: '12h' }, 'v1')).toThrow(/INFLUX_EVENTS_RETENTION must be a duration of at least 1d/);
    expect(parseRetentionConfig({}, 'v2').eventsPolicy).toBe('');
  });

  it('reads h, d, w and INF, and refuses the rest', () => {
    expect(parseRetentionConfig({ INFLUX_RAW_RETENTION: '90d', INFLUX_ROLLUP_1M_RETENTION: 'INF', INFLUX_ROLLUP_1H_RETENTION: '520w' }, 'v1'))
      .toMatchObject({ rawHours: 2160, minuteHours: 0, hourHours: 87360 });
    expect(() => parseRetentionConfig({ INFLUX_RAW_RETENTION: 'INF' }, 'v1')).toThrow(/INFLUX_RAW_RETENTION/);
    expect(() => parseRetentionConfig({ INFLUX_RAW_RETENTION: '2h' }, 'v1')).toThrow(/at least 1d/);
    expect(() => parseRetentionConfig({ INFLUX_ROLLUP_1M_RETENTION: '30 days' }, 'v1')).toThrow(/INFLUX_ROLLUP_1M_RETENTION/);
    expect(() => parseRetentionConfig({ INFLUX_ROLLUPS: 'yes' }, 'v1')).toThrow(/INFLUX_ROLLUPS/);
  });
});

describe('retention statements', () => {
  it('creates what is missing and alters the default policy to the raw duration', () => {
    const s = retentionStatements('pantau', defaults, [{ name: 'autogen', duration: '0s', default: true }]);
    expect(s).toEqual([
      'ALTER RETENTION POLICY "autogen" ON "pantau" DURATION 720h REPLICATION 1 SHARD DURATION 24h',
      'CREATE RETENTION POLICY "rollup_1m" ON "pantau" DURATION 17520h REPLICATION 1 SHARD DURATION 168h',
      'CREATE RETENTION POLICY "rollup_1h" ON "pantau" DURATION INF REPLICATION 1 SHARD DURATION 168h',
      'CREATE RETENTION POLICY "events" ON "pantau" DURATION INF REPLICATION 1 SHARD DURATION 168h'
    ]);
  });

  it('alters the events policy when INFLUX_EVENTS_RETENTION changes', () => {
    const tenYears = parseRetentionConfig({ INFLUX_EVENTS_RETENTION: '3650d' }, 'v1');
    const existing = [{ name: 'autogen', duration: '720h0m0s', default: true }, { name: 'rollup_1m', duration: '17520h0m0s', default: false }, { name: 'rollup_1h', duration: '0s', default: false }, { name: 'events', duration: '0s', default: false }];
    expect(retentionStatements('pantau', tenYears, existing)).toEqual(['ALTER RETENTION POLICY "events" ON "pantau" DURATION 87600h REPLICATION 1 SHARD DURATION 168h']);
  });

  it('writers and readers of alert events name the events policy, quoted; v2 keeps the bare measurement', () => {
    const v1 = parseInfluxConfig({ INFLUX_DB: 'city.2' });
    expect(alertEventsWritePath(v1)).toBe('/write?db=city.2&precision=ms&rp=events');
    expect(alertEventsFrom(v1.database, v1.retention)).toBe('"city.2"."events"."alert_events"');
    const v2 = parseInfluxConfig({ INFLUX_API: 'v2', INFLUX_TOKEN: 't', INFLUX_ORG: 'o' });
    expect(alertEventsWritePath(v2)).toBe('/api/v2/write?org=o&bucket=pantau&precision=ms');
    expect(alertEventsFrom(v2.database, v2.retention)).toBe('"alert_events"');
    expect(alertEventsFrom(undefined, v1.retention)).toBe('"alert_events"');
    expect(copyAlertEventsStatement('a"b', 'autogen', 'events')).toBe('SELECT * INTO "a\\"b"."events"."alert_events" FROM "a\\"b"."autogen"."alert_events" GROUP BY *');
  });

  it('readers of the audit log name the events policy too, and its upgrade copy is the same statement', () => {
    const v1 = parseInfluxConfig({ INFLUX_DB: 'city.2' });
    expect(auditFrom(v1.database, v1.retention)).toBe('"city.2"."events"."audit"');
    const v2 = parseInfluxConfig({ INFLUX_API: 'v2', INFLUX_TOKEN: 't', INFLUX_ORG: 'o' });
    expect(auditFrom(v2.database, v2.retention)).toBe('"audit"');
    expect(auditFrom(undefined, v1.retention)).toBe('"audit"');
    expect(copyIntoPolicyStatement('pantau', 'audit', 'autogen', 'events')).toBe('SELECT * INTO "pantau"."events"."audit" FROM "pantau"."autogen"."audit" GROUP BY *');
  });

  it('does nothing when the policies are as configured', () => {
    const existing = [
      { name: 'autogen', duration: '720h0m0s', default: true },
      { name: 'rollup_1m', duration: '17520h0m0s', default: false },
      { name: 'rollup_1h', duration: '0s', default: false },
      { name: 'events', duration: '0s', default: false }
    ];
    expect(retentionStatements('pantau', defaults, existing)).toEqual([]);
    expect(goDurationHours('720h0m0s')).toBe(720);
  });

  it('rolls every field up by min, mean, max and count, keeping the tags', () => {
    const q = rollupSelect('pantau', { kind: 'flood', spec: ROLLUPS[0], perDistrict: false });
    expect(q).toBe(
      'SELECT min("water_level") AS "min_water_level", mean("water_level") AS "mean_water_level", max("water_level") AS "max_water_level", ' +
        'count("water_level") AS "count_water_level", min("rainfall") AS "min_rainfall", mean("rainfall") AS "mean_rainfall", ' +
        'max("rainfall") AS "max_rainfall", count("rainfall") AS "count_rainfall" INTO "pantau"."rollup_1m"."flood" FROM "flood" GROUP BY time(60s), *'
    );
    expect(continuousQueryStatement('pantau', { kind: 'flood', spec: ROLLUPS[1], perDistrict: false })).toMatch(/^CREATE CONTINUOUS QUERY "pantau_flood_1h" ON "pantau" RESAMPLE EVERY 1h FOR 2h BEGIN SELECT .* GROUP BY time\(3600s\), \* END$/);
    expect(continuousQueryStatement('pantau', { kind: 'air', spec: ROLLUPS[1], perDistrict: true })).toMatch(
      /^CREATE CONTINUOUS QUERY "pantau_air_1h_district" ON "pantau" RESAMPLE EVERY 1h FOR 2h BEGIN SELECT min\("pm25"\) AS "min_pm25", .* INTO "pantau"."rollup_1h"."air_district" FROM "air" GROUP BY time\(3600s\), "district" END$/
    );
  });

  it('rebuilds a past range as the continuous queries do, widened to whole intervals and sliced by day', () => {
    const from = Date.UTC(2026, 0, 1, 10, 30);
    const s = rebuildStatements('pantau', from, from + 30 * 3_600_000);
    const hourly = s.filter((q) => q.includes('"rollup_1h"."air" '));
    expect(s.filter((q) => q.includes('"rollup_1h"."air_district" '))).toHaveLength(2);
    expect(hourly).toHaveLength(2);
    expect(hourly[0]).toContain(`WHERE time >= ${Date.UTC(2026, 0, 1, 10)}ms AND time < ${Date.UTC(2026, 0, 2, 10)}ms GROUP BY time(3600s), *`);
    expect(hourly[1]).toContain(`AND time < ${Date.UTC(2026, 0, 2, 17)}ms`);
    expect(s.filter((q) => q.includes('"rollup_1m"'))).toHaveLength(6);
  });
});
