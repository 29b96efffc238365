import { PantauError } from './errors';

/**
 * How long InfluxDB keeps what, and the rollups the command center may read instead of raw readings.
 * Raw readings (and the forecasts written beside them: recomputed, so 30 days is plenty) live in the
 * database's default retention policy; alert events (the alert history staff and reports need for
 * years) in a policy of their own that every writer and reader names; 1-minute and 1-hour aggregates
 * in their own policies, filled by continuous queries (1.x) or tasks (2.x/3.x, docs/retention.md).
 */
export interface RetentionConfig {
  /** INFLUX_RAW_RETENTION (default 30d): duration of the default policy, hours. */
  rawHours: number;
  /** INFLUX_ROLLUP_1M_RETENTION (default 730d), hours. */
  minuteHours: number;
  /** INFLUX_ROLLUP_1H_RETENTION (default INF), hours; 0 = kept forever. */
  hourHours: number;
  /** INFLUX_EVENTS_RETENTION (default INF): duration of the alert events' policy, hours; 0 = kept forever. */
  eventsHours: number;
  /**
   * The policy alert events are written to and read from: EVENTS_RP with the v1 API; '' with v2,
   * where writes name a bucket, not a policy, and the events stay in the bucket (docs/retention.md).
   */
  eventsPolicy: string;
  /**
   * INFLUX_ROLLUPS (on/off): readers use the rollup policies. Default on for the v1 API (the ingest
   * creates them), off for v2, where the rollup buckets and their DBRP mappings are set up by hand.
   */
  rollups: boolean;
}

/** The alert events' retention policy (1.x). */
export const EVENTS_RP = 'events';

export type RollupName = '1m' | '1h';
export type Resolution = 'raw' | RollupName;

export interface RollupSpec {
  name: RollupName;
  /** Retention policy (1.x) or bucket mapping (2.x) holding this rollup. */
  rp: string;
  seconds: number;
}

/** Finest first: readers take the coarsest one that still fills their point budget. */
export const ROLLUPS: readonly RollupSpec[] = Object.freeze([
  { name: '1m', rp: 'rollup_1m', seconds: 60 },
  { name: '1h', rp: 'rollup_1h', seconds: 3600 }
]);

/** The aggregates kept per field; a rollup field is named `<aggregate>_<field>` (InfluxDB's own `min(*)` naming). */
export const ROLLUP_AGGREGATES = ['min', 'mean', 'max', 'count'] as const;
export type RollupAggregate = (typeof ROLLUP_AGGREGATES)[number];

export function rollupField(aggregate: RollupAggregate, field: string): string {
  return `${aggregate}_${field}`;
}

export function rollupSpec(name: RollupName): RollupSpec {
  return ROLLUPS.find((r) => r.name === name)!;
}

/** Hours kept at a resolution (0 = forever). */
export function retentionHours(c: RetentionConfig, r: Resolution): number {
  return r === 'raw' ? c.rawHours : r === '1m' ? c.minuteHours : c.hourHours;
}

const UNIT_HOURS: Record<string, number> = { h: 1, d: 24, w: 168 };
/** InfluxDB's floor is 1 h; a day keeps the CQs' resample windows and a backfill's rebuild inside raw data. */
const MIN_HOURS = 24;

/** `30d`, `720h`, `104w` or `INF` (0) as hours. */
export function parseRetentionDuration(key: string, raw: string | undefined, fallback: number, allowInfinite: boolean): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim();
  if (allowInfinite && text.toUpperCase() === 'INF') return 0;
  const m = /^(\d{1,6})([hdw])$/.exec(text);
  const hours = m ? Number(m[1]) * UNIT_HOURS[m[2]] : NaN;
  if (!(hours >= MIN_HOURS)) {
    throw new PantauError(`CONFIG_${key}`, `${key} must be a duration of at least 1d like 30d, 720h or 104w${allowInfinite ? ', or INF' : ''}; got "${raw}"`);
  }
  return hours;
}

export function parseRetentionConfig(env: Record<string, string | undefined>, api: 'v1' | 'v2'): RetentionConfig {
  const switchValue = (env.INFLUX_ROLLUPS ?? '').trim().toLowerCase();
  if (!['', 'on', 'off'].includes(switchValue)) throw new PantauError('CONFIG_INFLUX_ROLLUPS', 'INFLUX_ROLLUPS must be on or off');
  return Object.freeze({
    rawHours: parseRetentionDuration('INFLUX_RAW_RETENTION', env.INFLUX_RAW_RETENTION, 30 * 24, false),
    minuteHours: parseRetentionDuration('INFLUX_ROLLUP_1M_RETENTION', env.INFLUX_ROLLUP_1M_RETENTION, 730 * 24, true),
    hourHours: parseRetentionDuration('INFLUX_ROLLUP_1H_RETENTION', env.INFLUX_ROLLUP_1H_RETENTION, 0, true),
    eventsHours: parseRetentionDuration('INFLUX_EVENTS_RETENTION', env.INFLUX_EVENTS_RETENTION, 0, true),
    eventsPolicy: api === 'v1' ? EVENTS_RP : '',
    rollups: switchValue === '' ? api === 'v1' : switchValue === 'on'
  });
}
