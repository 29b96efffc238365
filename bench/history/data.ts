/**
 * The synthetic city of bench:history: N sensors (60 % traffic, 20 % flood, 20 % air) in 10 districts,
 * each reading every `intervalMin` minutes for `days` days up to `endMs`, as line protocol in the
 * ingest's own format (formatReading), plus the 1-minute and 1-hour rollups of those very readings
 * in the fields the continuous queries write (min_/mean_/max_/count_<field>; the 1-hour one per sensor
 * and per district), so the bench loads in
 * one pass what the product would have rolled up over the year.
 */
import { formatReading } from '../../ingest/durable/influx-sink';
import { escapeTag } from '../../src/lib/core/line-protocol';
import { ROLLUP_AGGREGATES, rollupField, type RollupName } from '../../src/lib/core/retention';
import { FIELDS, type Sensor, type SensorKind } from '../../src/lib/core/sensor';

export const DISTRICTS = Array.from({ length: 10 }, (_, i) => `District ${String(i + 1).padStart(2, '0')}`);
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function syntheticCity(count: number): Sensor[] {
  const sensors: Sensor[] = [];
  for (let i = 0; i < count; i++) {
    const kind: SensorKind = i % 5 < 3 ? 'traffic' : i % 5 === 3 ? 'flood' : 'air';
    const id = `${kind.slice(0, 2)}-${String(i).padStart(5, '0')}`;
    sensors.push({ id, kind, name: id, district: DISTRICTS[i % DISTRICTS.length], lat: -0.5, lon: 117.15, intervalS: 60 });
  }
  return sensors;
}

/** A daily cycle around the middle of each field's range, phase and noise from the sensor's index: deterministic. */
function valueOf(field: { min: number; max: number }, t: number, i: number, f: number): number {
  const mid = field.min < 0 ? 100 : Math.min(field.max, 50 + 20 * f);
  const day = Math.sin((2 * Math.PI * (t % DAY_MS)) / DAY_MS + i * 0.7 + f);
  const noise = Math.sin(t / 977_000 + i * 13.1 + f * 3.3);
  return Math.round((mid + mid * 0.4 * day + mid * 0.1 * noise) * 10) / 10;
}

interface Acc {
  min: number[];
  max: number[];
  sum: number[];
  count: number;
}

/** Line batches for one write target: raw (default policy) or a rollup policy. */
export interface Batch {
  target: 'raw' | RollupName;
  lines: string[];
}

export interface GenerateOptions {
  sensors: Sensor[];
  startMs: number;
  endMs: number;
  intervalMin: number;
  batchLines: number;
  /** 1-minute rollup lines only from here on (default: all): a city-wide load can skip what no measured read uses. */
  minuteFromMs?: number;
  /**
   * Before this time (default: none) sensors read only every `sparseIntervalMin`, except the
   * `denseSensor` (the year chart's): a year at a real rate is more than 2 shared cores can load.
   */
  denseFromMs?: number;
  sparseIntervalMin?: number;
  denseSensor?: string;
}

function rollupLine(prefix: string, fields: string[], acc: Acc, atMs: number): string {
  const parts: string[] = [];
  fields.forEach((f, k) => {
    for (const a of ROLLUP_AGGREGATES) {
      const v = a === 'min' ? acc.min[k] : a === 'max' ? acc.max[k] : a === 'mean' ? acc.sum[k] / acc.count : acc.count;
      parts.push(`${rollupField(a, f)}=${a === 'count' ? `${v}i` : v}`);
    }
  });
  return `${prefix}${parts.join(',')} ${atMs}`;
}

/**
 * Every batch of raw readings and rollup lines, time-major (all sensors at one instant, then the
 * next), as InfluxDB takes them best. The 1-minute rollup of a reading interval of a minute or more
 * is the reading itself; the 1-hour one is accumulated and written when its hour is over.
 */
export function* generateBatches(o: GenerateOptions): Generator<Batch> {
  const stepMs = o.intervalMin * MINUTE_MS;
  const fieldsOf = o.sensors.map((s) => Object.keys(FIELDS[s.kind]));
  const prefixes = o.sensors.map((s) => `${s.kind},district=${escapeTag(s.district)},sensor=${s.id} `);
  const accs: Acc[] = o.sensors.map((_, i) => ({ min: [], max: [], sum: fieldsOf[i].map(() => 0), count: 0 }));
  // The per-district 1-hour rollup (rollup_1h.<kind>_district): one accumulator per kind and district.
  const groups = new Map<string, { prefix: string; fields: string[]; acc: Acc }>();
  const groupOf = o.sensors.map((s, i) => {
    const key = `${s.kind}|${s.district}`;
    if (!groups.has(key)) groups.set(key, { prefix: `${s.kind}_district,district=${escapeTag(s.district)} `, fields: fieldsOf[i], acc: newAcc(fieldsOf[i]) });
    return groups.get(key)!;
  });
  const out: Record<Batch['target'], string[]> = { raw: [], '1m': [], '1h': [] };
  let hour = Math.floor(o.startMs / HOUR_MS) * HOUR_MS;
  const minuteFrom = o.minuteFromMs ?? o.startMs;
  const sparseMs = (o.sparseIntervalMin ?? o.intervalMin) * MINUTE_MS;
  const denseFrom = o.denseFromMs ?? o.startMs;
  for (let t = o.startMs; t < o.endMs; t += stepMs) {
    if (t >= hour + HOUR_MS) {
      yield* flushHour(o, prefixes, fieldsOf, accs, groups, hour, out);
      hour = Math.floor(t / HOUR_MS) * HOUR_MS;
    }
    const sparse = t < denseFrom && (t - o.startMs) % sparseMs !== 0;
    o.sensors.forEach((s, i) => {
      if (sparse && s.id !== o.denseSensor) return;
      const values: Record<string, number> = {};
      fieldsOf[i].forEach((f, k) => {
        values[f] = valueOf(FIELDS[s.kind][f as keyof (typeof FIELDS)[typeof s.kind]] as { min: number; max: number }, t, i, k);
      });
      const row = fieldsOf[i].map((f) => values[f]);
      accumulate(accs[i], row);
      accumulate(groupOf[i].acc, row);
      out.raw.push(formatReading({ sensorId: s.id, kind: s.kind, ts: t, values }, s.district));
      if (t >= minuteFrom) out['1m'].push(rollupLine(prefixes[i], fieldsOf[i], { min: fieldsOf[i].map((f) => values[f]), max: fieldsOf[i].map((f) => values[f]), sum: fieldsOf[i].map((f) => values[f]), count: 1 }, Math.floor(t / MINUTE_MS) * MINUTE_MS));
    });
    for (const target of ['raw', '1m'] as const) {
      if (out[target].length >= o.batchLines) {
        yield { target, lines: out[target] };
        out[target] = [];
      }
    }
  }
  yield* flushHour(o, prefixes, fieldsOf, accs, groups, hour, out);
  for (const target of ['raw', '1m', '1h'] as const) if (out[target].length > 0) yield { target, lines: out[target] };
}

function newAcc(fields: string[]): Acc {
  return { min: [], max: [], sum: fields.map(() => 0), count: 0 };
}

function accumulate(acc: Acc, row: number[]): void {
  row.forEach((v, k) => {
    acc.min[k] = acc.count === 0 ? v : Math.min(acc.min[k], v);
    acc.max[k] = acc.count === 0 ? v : Math.max(acc.max[k], v);
    acc.sum[k] += v;
  });
  acc.count++;
}

type Groups = Map<string, { prefix: string; fields: string[]; acc: Acc }>;

function* flushHour(o: GenerateOptions, prefixes: string[], fieldsOf: string[][], accs: Acc[], groups: Groups, hour: number, out: Record<Batch['target'], string[]>): Generator<Batch> {
  accs.forEach((acc, i) => {
    if (acc.count > 0) out['1h'].push(rollupLine(prefixes[i], fieldsOf[i], acc, hour));
    accs[i] = newAcc(fieldsOf[i]);
  });
  for (const g of groups.values()) {
    if (g.acc.count > 0) out['1h'].push(rollupLine(g.prefix, g.fields, g.acc, hour));
    g.acc = newAcc(g.fields);
  }
  if (out['1h'].length >= o.batchLines) {
    yield { target: '1h', lines: out['1h'] };
    out['1h'] = [];
  }
}

/** Lines the whole load writes (about: the progress line and the report count what was sent). */
export function plannedLines(sensors: number, days: number, intervalMin: number, minuteDays = days, denseDays = days, sparseIntervalMin = intervalMin): { raw: number; minute: number; hour: number } {
  const dense = Math.min(days, denseDays);
  const readings = (d: number, every: number) => Math.ceil((d * 1440) / every);
  const hours = (d: number, every: number) => Math.ceil(d * 24 * Math.min(1, 60 / every));
  const groups = sensors + Math.min(sensors, 30); // per sensor, and per kind and district (at most 3 kinds × 10 districts)
  return {
    raw: readings(dense, intervalMin) * sensors + readings(days - dense, sparseIntervalMin) * sensors,
    minute: readings(Math.min(days, minuteDays), intervalMin) * sensors,
    hour: hours(dense, intervalMin) * groups + hours(days - dense, sparseIntervalMin) * groups
  };
}
