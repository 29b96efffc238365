/**
 * Warms the river forecaster at ingest start from the flood readings InfluxDB already holds (the
 * hours before a restart, or npm start's backfilled storm), so a gauge does not start cold: a cold
 * gauge forecasts persistence with confidence 0 for its first half hour and learns for hours. The
 * readings go to the forecaster only (DetectionEngine.warmForecasts), never to the alert rules.
 */
import { MEASUREMENTS, type InfluxConfig } from '../src/lib/core/influx-config';
import { quoteInfluxIdent, quoteInfluxString } from '../src/lib/core/line-protocol';
import type { Reading } from '../src/lib/core/reading';
import type { DetectionEngine } from './detect/engine';
import { influxQl } from '../src/lib/influx/query';
import { readTrackRecords, restoredLine, restoreTrackRecords } from './forecast-records';

const HOUR_MS = 3_600_000;
/**
 * Rows read per gauge: twice what its catalog interval promises over the window (a gauge may send
 * faster than promised), never more than MAX_ROWS_PER_GAUGE; the newest are kept, since the
 * forecaster's features reach back 8 h at most.
 */
const ROWS_PER_PROMISED = 2;
const MAX_ROWS_PER_GAUGE = 20_000;
/** Gauges per query: keeps the query string (sent in the URL) short for a city with many gauges. */
const GAUGES_PER_QUERY = 50;
/** A hung InfluxDB must not hold the start longer than this (the client's own timeout is per request). */
const WARMUP_TIMEOUT_MS = 20_000;

export interface WarmupGauge {
  id: string;
  intervalS: number;
}

export interface WarmupSeries {
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** Runs one InfluxQL query and returns its series (the real one: influxQl against InfluxDB). */
export type WarmupQuery = (q: string) => Promise<WarmupSeries[]>;

/** Per-gauge row bound for a set of gauges (the fastest promised interval sets it). */
export function warmupLimit(gauges: readonly WarmupGauge[], hours: number): number {
  const fastestS = Math.max(1, Math.min(...gauges.map((g) => g.intervalS || 60)));
  return Math.min(MAX_ROWS_PER_GAUGE, Math.ceil(((hours * 3600) / fastestS) * ROWS_PER_PROMISED));
}

/** The newest rows of each gauge in the window, one series per gauge (LIMIT applies per series). */
export function warmupQuery(gauges: readonly WarmupGauge[], hours: number, nowMs: number): string {
  const ids = gauges.map((g) => `"sensor" = ${quoteInfluxString(g.id)}`).join(' OR ');
  const from = Math.trunc(nowMs - hours * HOUR_MS);
  return (
    `SELECT "water_level", "rainfall" FROM ${quoteInfluxIdent(MEASUREMENTS.flood)} ` +
    `WHERE time > ${from}ms AND time <= ${Math.trunc(nowMs)}ms AND (${ids}) ` +
    `GROUP BY "sensor" ORDER BY time DESC LIMIT ${warmupLimit(gauges, hours)}`
  );
}

/** Rows of the series as flood readings (a row without a water level is of no use to the forecaster). */
export function seriesReadings(series: readonly WarmupSeries[]): Reading[] {
  const out: Reading[] = [];
  for (const s of series) {
    const sensorId = s.tags?.sensor;
    if (!sensorId) continue;
    const [iTime, iLevel, iRain] = ['time', 'water_level', 'rainfall'].map((c) => s.columns.indexOf(c));
    for (const row of s.values) {
      const [ts, level, rain] = [row[iTime], row[iLevel], iRain >= 0 ? row[iRain] : null];
      if (typeof ts !== 'number' || typeof level !== 'number') continue;
      out.push({ sensorId, kind: 'flood', ts, values: typeof rain === 'number' ? { water_level: level, rainfall: rain } : { water_level: level } });
    }
  }
  return out;
}

export interface WarmupOptions {
  gauges: readonly WarmupGauge[];
  hours: number;
  engine: Pick<DetectionEngine, 'warmForecasts' | 'restoreForecastTrackStates'>;
  query: WarmupQuery;
  now?: () => number;
}

export interface WarmupResult {
  readings: number;
  gauges: number;
  ms: number;
}

/** The window's flood readings of the gauges, gauge group by gauge group, in time order across gauges (upstream waves first). */
export async function readWarmup(o: Omit<WarmupOptions, 'engine'>): Promise<Reading[]> {
  const now = (o.now ?? Date.now)();
  const readings: Reading[] = [];
  for (let i = 0; i < o.gauges.length; i += GAUGES_PER_QUERY) {
    const group = o.gauges.slice(i, i + GAUGES_PER_QUERY);
    readings.push(...seriesReadings(await o.query(warmupQuery(group, o.hours, now))));
  }
  return readings.sort((a, b) => a.ts - b.ts);
}

/** Feeds the read window to the engine's forecaster; returns what was fed. */
export function feedWarmup(engine: WarmupOptions['engine'], readings: readonly Reading[], startedMs: number): WarmupResult {
  const fed = engine.warmForecasts(readings);
  return { readings: fed, gauges: new Set(readings.map((r) => r.sensorId)).size, ms: Math.round(performance.now() - startedMs) };
}

export async function warmForecaster(o: WarmupOptions): Promise<WarmupResult> {
  const started = performance.now();
  return feedWarmup(o.engine, await readWarmup(o), started);
}

/** InfluxQL through the ingest's InfluxDB module: the first statement's series. */
export function influxWarmupQuery(influx: InfluxConfig): WarmupQuery {
  return async (q) => (((await influxQl(influx, q)).results?.[0]?.series ?? []) as WarmupSeries[]);
}

/**
 * What ingest start runs: warms from InfluxDB and logs one line. Never throws: with InfluxDB away
 * (or slow) the gauges start cold, as they did before, and ingest goes on. False when the stored
 * track records could not be read (forecast-records.ts keepTrackRecords reads them before its first save).
 */
export async function warmForecasterAtStart(o: Omit<WarmupOptions, 'query'> & { influx: InfluxConfig; log: (line: string) => void }): Promise<boolean> {
  if (o.gauges.length === 0) {
    o.log('no flood gauges: no forecaster to warm');
    return true;
  }
  let recordsRead = false;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${WARMUP_TIMEOUT_MS} ms`)), WARMUP_TIMEOUT_MS);
  });
  try {
    // The stored track records first, warm-up or not (0 hours must not let this run's thin record
    // replace them): the warm-up's replayed outcomes they already hold are then not counted twice.
    // Read whole, then given: a read the clock cut short leaves the engine untouched.
    const query = influxWarmupQuery(o.influx);
    const now = Date.now();
    const records = restoreTrackRecords(o.engine, await Promise.race([readTrackRecords({ gauges: o.gauges.map((g) => g.id), query, now }), timeout]), now);
    recordsRead = true;
    const line = restoredLine(records);
    if (line) o.log(line);
    if (o.hours === 0) {
      o.log('forecaster warm-up off (INGEST_FORECAST_WARMUP_HOURS=0): gauges start cold');
      return true;
    }
    // Only the read races the clock: a late answer is dropped, never fed once live readings flow.
    const readings = await Promise.race([readWarmup({ ...o, query }), timeout]);
    const r = feedWarmup(o.engine, readings, started);
    o.log(`forecaster warmed from ${r.readings} readings of ${r.gauges} gauges in ${r.ms} ms (last ${o.hours} h from InfluxDB)`);
  } catch (err) {
    const what = recordsRead || o.hours > 0 ? 'warm the forecaster from' : 'read the stored forecast track records from';
    o.log(`could not ${what} InfluxDB (${(err as Error).message}); gauges start cold`);
  } finally {
    clearTimeout(timer);
  }
  return recordsRead;
}
