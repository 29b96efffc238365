import { MEASUREMENTS } from './influx-config';
import { quoteInfluxIdent } from './line-protocol';
import { ROLLUP_AGGREGATES, ROLLUPS, rollupField, rollupSpec, type RetentionConfig, type RollupSpec } from './retention';
import { FIELDS, SENSOR_KINDS, type SensorKind } from './sensor';

/**
 * InfluxQL (1.x) that sets up retention and rollups: pure text, so the ingest's set-up, a backfill's
 * rebuild, the bench and the tests all run the very same statements. Names go through
 * quoteInfluxIdent like every other query; numbers are integers.
 */

/** How far back each continuous query recomputes on every run: readings a journal ships late still count. */
const RESAMPLE = { '1m': { every: '1m', for: '10m' }, '1h': { every: '1h', for: '2h' } } as const;

/** One row of SHOW RETENTION POLICIES. */
export interface RetentionPolicyRow {
  name: string;
  /** InfluxDB's Go duration text: `720h0m0s`, `0s` for forever. */
  duration: string;
  default: boolean;
}

/** `720h0m0s` → 720; `0s` → 0. */
export function goDurationHours(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m) return NaN;
  return Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
}

/** InfluxDB's own defaults for a policy's shard groups: 1 h below 2 days, 1 day up to 6 months, else 7 days. */
export function shardHours(durationHours: number): number {
  if (durationHours === 0 || durationHours > 180 * 24) return 168;
  return durationHours < 48 ? 1 : 24;
}

function policyClause(hours: number): string {
  return `DURATION ${hours === 0 ? 'INF' : `${hours}h`} REPLICATION 1 SHARD DURATION ${shardHours(hours)}h`;
}

/** A policy as the set-up creates it (also what tests' databases get for the events policy). */
export function createPolicyStatement(db: string, rp: string, hours: number): string {
  return `CREATE RETENTION POLICY ${quoteInfluxIdent(rp)} ON ${quoteInfluxIdent(db)} ${policyClause(hours)}`;
}

/**
 * Statements that bring the policies to the configured durations: the default policy (raw data)
 * altered, the rollup and alert events policies created or altered. Nothing when all is as configured: idempotent.
 */
export function retentionStatements(db: string, c: RetentionConfig, existing: readonly RetentionPolicyRow[]): string[] {
  const out: string[] = [];
  const on = `ON ${quoteInfluxIdent(db)}`;
  const raw = existing.find((p) => p.default);
  if (raw && goDurationHours(raw.duration) !== c.rawHours) out.push(`ALTER RETENTION POLICY ${quoteInfluxIdent(raw.name)} ${on} ${policyClause(c.rawHours)}`);
  const own: [string, number][] = ROLLUPS.map((spec) => [spec.rp, spec.name === '1m' ? c.minuteHours : c.hourHours]);
  if (c.eventsPolicy) own.push([c.eventsPolicy, c.eventsHours]);
  for (const [rp, hours] of own) {
    const found = existing.find((p) => p.name === rp);
    if (!found) out.push(createPolicyStatement(db, rp, hours));
    else if (goDurationHours(found.duration) !== hours) out.push(`ALTER RETENTION POLICY ${quoteInfluxIdent(rp)} ${on} ${policyClause(hours)}`);
  }
  return out;
}

/**
 * Upgrade: copies the alert events an older version wrote to the default policy into the events
 * policy, tags kept (GROUP BY *). Rewriting a point already there stores the same point, so it is
 * safe to run again; the set-up runs it only while the events policy holds no alert event yet.
 */
export function copyAlertEventsStatement(db: string, defaultRp: string, eventsRp: string): string {
  return copyIntoPolicyStatement(db, MEASUREMENTS.alertEvents, defaultRp, eventsRp);
}

/** The same copy for any measurement (the audit log too): all of `measurement` from one policy into another. */
export function copyIntoPolicyStatement(db: string, measurement: string, fromRp: string, toRp: string): string {
  const m = quoteInfluxIdent(measurement);
  const d = quoteInfluxIdent(db);
  return `SELECT * INTO ${d}.${quoteInfluxIdent(toRp)}.${m} FROM ${d}.${quoteInfluxIdent(fromRp)}.${m} GROUP BY *`;
}

/**
 * What one continuous query fills: a kind's rollup per sensor, or (1-hour only) per district, so a
 * district chart reads one series instead of merging a thousand sensors' (bench:history).
 */
export interface RollupTarget {
  kind: SensorKind;
  spec: RollupSpec;
  perDistrict: boolean;
}

/** `flood` per sensor, `flood_district` per district, in the rollup's policy. */
export function rollupMeasurement(kind: SensorKind, perDistrict: boolean): string {
  return perDistrict ? `${MEASUREMENTS[kind]}_district` : MEASUREMENTS[kind];
}

/** The rollup query of a target: min, mean, max and count of every field, per sensor (all tags kept) or per district. */
export function rollupSelect(db: string, t: RollupTarget, where = ''): string {
  const fields = Object.keys(FIELDS[t.kind]).flatMap((f) =>
    ROLLUP_AGGREGATES.map((a) => `${a}(${quoteInfluxIdent(f)}) AS ${quoteInfluxIdent(rollupField(a, f))}`)
  );
  const into = [db, t.spec.rp, rollupMeasurement(t.kind, t.perDistrict)].map(quoteInfluxIdent).join('.');
  const by = t.perDistrict ? quoteInfluxIdent('district') : '*';
  // FROM without a policy reads the default one: where every writer puts raw readings.
  return `SELECT ${fields.join(', ')} INTO ${into} FROM ${quoteInfluxIdent(MEASUREMENTS[t.kind])}${where ? ` WHERE ${where}` : ''} GROUP BY time(${t.spec.seconds}s), ${by}`;
}

export function cqName(t: RollupTarget): string {
  return `pantau_${t.kind}_${t.spec.name}${t.perDistrict ? '_district' : ''}`;
}

export function continuousQueryStatement(db: string, t: RollupTarget): string {
  const r = RESAMPLE[t.spec.name];
  return (
    `CREATE CONTINUOUS QUERY ${quoteInfluxIdent(cqName(t))} ON ${quoteInfluxIdent(db)} ` +
    `RESAMPLE EVERY ${r.every} FOR ${r.for} BEGIN ${rollupSelect(db, t)} END`
  );
}

export function dropContinuousQueryStatement(db: string, t: RollupTarget): string {
  return `DROP CONTINUOUS QUERY ${quoteInfluxIdent(cqName(t))} ON ${quoteInfluxIdent(db)}`;
}

/** Every kind at every rollup per sensor, and the 1-hour rollup per district: one continuous query each. */
export function rollupTargets(): RollupTarget[] {
  const perSensor = SENSOR_KINDS.flatMap((kind) => ROLLUPS.map((spec) => ({ kind, spec, perDistrict: false })));
  const perDistrict = SENSOR_KINDS.map((kind) => ({ kind, spec: rollupSpec('1h'), perDistrict: true }));
  return [...perSensor, ...perDistrict];
}

/**
 * The rollup queries for [fromMs, toMs) widened to whole rollup intervals, in slices of at most
 * sliceHours so no single SELECT … INTO holds months of raw points in memory.
 */
export function rebuildStatements(db: string, fromMs: number, toMs: number, sliceHours = 24): string[] {
  const out: string[] = [];
  for (const target of rollupTargets()) {
    const stepMs = target.spec.seconds * 1000;
    const start = Math.floor(fromMs / stepMs) * stepMs;
    const end = Math.ceil(toMs / stepMs) * stepMs;
    const sliceMs = Math.max(stepMs, Math.floor((sliceHours * 3_600_000) / stepMs) * stepMs);
    for (let a = start; a < end; a += sliceMs) {
      const b = Math.min(end, a + sliceMs);
      out.push(rollupSelect(db, target, `time >= ${Math.trunc(a)}ms AND time < ${Math.trunc(b)}ms`));
    }
  }
  return out;
}
