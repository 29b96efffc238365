/**
 * The forecasts' track records across restarts (measurement `forecast_record`): the ingest writes
 * each gauge's records every hour and when it stops, and reads the newest back at its next start,
 * so emergency staff do not lose weeks of "how these forecasts held up" to a restart or an update.
 * The record cannot be rebuilt from the warm-up: a model adds to it only after a day of training,
 * the length of the default warm-up. One point per gauge and time, tag `sensor`, four numbers per
 * published horizon, dated when saved; read back within RECORD_DAYS (a record not saved for two
 * half-lives, the ingest down that long, is taken as stale: a record fades only with new outcomes).
 */
import { FORECAST_HORIZONS_MIN } from '../src/lib/core/forecast';
import { MEASUREMENTS } from '../src/lib/core/influx-config';
import { formatLine, quoteInfluxIdent, quoteInfluxString, type FieldValue } from '../src/lib/core/line-protocol';
import { isTrackState, type GaugeTrackStates, type HorizonTrackState } from './forecast/track-record';

/** How far back a stored record is looked for: two half-lives. */
export const RECORD_DAYS = 14;
/** How often the records are stored while running (and once more at a clean stop). */
export const RECORD_SAVE_MS = 3_600_000;
/** Gauges per query, as the warm-up (the query string travels in the URL). */
const GAUGES_PER_QUERY = 50;

const PARTS = ['err', 'persistence', 'moves', 'last'] as const;

/** One line of measurement `forecast_record` at `atMs`. */
export function formatTrackRecordLine(g: GaugeTrackStates, atMs: number): string {
  const fields: Record<string, FieldValue> = {};
  for (const h of g.horizons) {
    // floats throughout (a field's type is fixed per shard); `last` is epoch ms, exact as a double
    fields[`h${h.horizonMin}_err`] = h.err;
    fields[`h${h.horizonMin}_persistence`] = h.persistence;
    fields[`h${h.horizonMin}_moves`] = h.moves;
    fields[`h${h.horizonMin}_last`] = h.lastMs;
  }
  return formatLine(MEASUREMENTS.forecastRecord, { sensor: g.sensorId }, fields, atMs);
}

/** The newest point per gauge within `days` (LIMIT applies per series) for the given gauges. */
export function trackRecordQuery(sensorIds: readonly string[], nowMs: number, days = RECORD_DAYS): string {
  const ids = sensorIds.map((id) => `"sensor" = ${quoteInfluxString(id)}`).join(' OR ');
  const from = Math.trunc(nowMs - days * 86_400_000);
  return `SELECT * FROM ${quoteInfluxIdent(MEASUREMENTS.forecastRecord)} WHERE time > ${from}ms AND (${ids}) GROUP BY "sensor" ORDER BY time DESC LIMIT 1`;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/** A stored row back to the gauge's records; horizons with a missing or impossible number are left out. */
export function trackStatesFromRow(sensorId: string, row: Readonly<Record<string, unknown>>): GaugeTrackStates {
  const horizons: HorizonTrackState[] = [];
  for (const h of FORECAST_HORIZONS_MIN) {
    const [err, persistence, moves, lastMs] = PARTS.map((p) => num(row[`h${h}_${p}`]));
    const state = { horizonMin: h, err, persistence, moves, lastMs };
    if (isTrackState(state)) horizons.push(state);
  }
  return { sensorId, horizons };
}

export interface RecordSeries {
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** The query's series (one per gauge, newest row first) as gauges' records. */
export function trackStatesFromSeries(series: readonly RecordSeries[]): GaugeTrackStates[] {
  const out: GaugeTrackStates[] = [];
  for (const s of series) {
    const sensorId = s.tags?.sensor;
    const first = s.values[0];
    if (!sensorId || !first) continue;
    const row = Object.fromEntries(s.columns.map((c, i) => [c, first[i]]));
    const g = trackStatesFromRow(sensorId, row);
    if (g.horizons.length > 0) out.push(g);
  }
  return out;
}

/** Every gauge's records as lines at `atMs` (gauges with none are left out). */
export function trackRecordLines(states: readonly GaugeTrackStates[], atMs: number): string[] {
  return states.filter((g) => g.horizons.length > 0).map((g) => formatTrackRecordLine(g, atMs));
}

export interface ReadRecordsOptions {
  gauges: readonly string[];
  /** Runs one InfluxQL query and returns its series (influxQl against InfluxDB in the ingest). */
  query: (q: string) => Promise<RecordSeries[]>;
  now: number;
}

/**
 * Reads the newest stored records of the gauges, all before any is given to the engine: a read
 * cut short (InfluxDB slow at start) gives nothing, so reading again later counts none twice.
 */
export async function readTrackRecords(o: ReadRecordsOptions): Promise<GaugeTrackStates[]> {
  const out: GaugeTrackStates[] = [];
  for (let i = 0; i < o.gauges.length; i += GAUGES_PER_QUERY) {
    out.push(...trackStatesFromSeries(await o.query(trackRecordQuery(o.gauges.slice(i, i + GAUGES_PER_QUERY), o.now))));
  }
  return out;
}

type RecordEngine = {
  forecastTrackStates(): GaugeTrackStates[];
  restoreForecastTrackStates(states: readonly GaugeTrackStates[], nowMs: number): number;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The log line of a restore ("… of 1 gauge restored (3 horizons)"); null when none was taken. */
export function restoredLine(r: { gauges: number; horizons: number }, late = false): string | null {
  return r.gauges > 0 ? `forecast track records of ${plural(r.gauges, 'gauge')} restored${late ? ' late' : ''} (${plural(r.horizons, 'horizon')})` : null;
}

/** Gives read records to the engine; how many gauges and horizons took one. */
export function restoreTrackRecords(engine: Pick<RecordEngine, 'restoreForecastTrackStates'>, states: readonly GaugeTrackStates[], nowMs: number): { gauges: number; horizons: number } {
  let [gauges, horizons] = [0, 0];
  for (const g of states) {
    const taken = engine.restoreForecastTrackStates([g], nowMs);
    horizons += taken;
    if (taken > 0) gauges++;
  }
  return { gauges, horizons };
}

/**
 * Stages the records of the gauges `save` allows on the durable path (journalled like the readings,
 * so an InfluxDB outage does not lose them either); never throws: a record not stored costs only
 * the next start's.
 */
export function saveTrackRecords(
  engine: Pick<RecordEngine, 'forecastTrackStates'>,
  sink: { writeForecastRecords(lines: readonly string[]): Promise<void> },
  nowMs: number,
  save: (sensorId: string) => boolean = () => true
): number {
  const lines = trackRecordLines(engine.forecastTrackStates().filter((g) => save(g.sensorId)), nowMs);
  if (lines.length > 0) void sink.writeForecastRecords(lines).catch(() => undefined);
  return lines.length;
}

export interface RecordKeeperOptions {
  engine: RecordEngine;
  sink: { writeForecastRecords(lines: readonly string[]): Promise<void> };
  /** Reads the stored records of these gauges (readTrackRecords against InfluxDB in the ingest). */
  read: (sensorIds: readonly string[], nowMs: number) => Promise<GaugeTrackStates[]>;
  /** Gauges whose stored records the start already read; the others are read before their first save. */
  sought: Iterable<string>;
  log: (line: string) => void;
}

/**
 * The hourly save and the one at a clean stop. A gauge's stored record is read, and merged into
 * what this run counted since, before this run first saves over it: when the start could not read
 * (a stack restart where InfluxDB comes up after the ingest), and when the gauge came while running
 * (taken back into the registry after a removal, or moved in from another partition). Otherwise
 * this run's record, hours old, would be stored as the newest and the weeks before it lost for
 * good. A gauge is read once it has a record to save; gauges not yet read are not saved. Never rejects.
 */
export function keepTrackRecords(o: RecordKeeperOptions): { hourly(nowMs: number): Promise<void>; atStop(nowMs: number): void } {
  const sought = new Set(o.sought);
  let reading = false;
  const save = (nowMs: number) => saveTrackRecords(o.engine, o.sink, nowMs, (id) => sought.has(id));
  return {
    async hourly(nowMs) {
      if (reading) return;
      const held = new Set(o.engine.forecastTrackStates().map((g) => g.sensorId));
      // A gauge gone from here (registry, worker count) is read again should it come back with a new forecaster.
      for (const id of sought) if (!held.has(id)) sought.delete(id);
      const unsought = [...held].filter((id) => !sought.has(id));
      if (unsought.length > 0) {
        reading = true;
        try {
          const line = restoredLine(restoreTrackRecords(o.engine, await o.read(unsought, nowMs), nowMs), true);
          for (const id of unsought) sought.add(id);
          if (line) o.log(line);
        } catch (err) {
          o.log(`could not read the stored forecast track records of ${plural(unsought.length, 'gauge')} (${(err as Error).message}); not saving over them yet`);
        } finally {
          reading = false;
        }
      }
      save(nowMs);
    },
    atStop: save
  };
}
