/**
 * npm start's history: the readings the simulated sensors would have sent in the hours before the
 * simulator started, so the charts show the storm's rise and a forecaster reading InfluxDB has a
 * past. Written straight to InfluxDB in the ingest's own line protocol (formatReading), at each
 * sensor's catalog interval, from the same generators and scenario player as the live simulator,
 * anchored at the same scenario start (SIM_SCENARIO_START, pinned here before the stack starts).
 *
 * Why not publish them over MQTT: ingest would take them (its window reaches 7 days back), but its
 * detectors would then see hours pass in seconds and raise and resolve alerts for the past, and
 * the wall would show old values as live. InfluxDB is the record of the past; MQTT is "now".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateCatalog } from '../src/lib/catalog/validate';
import { parseInfluxConfig, type InfluxConfig } from '../src/lib/core/influx-config';
import type { Reading } from '../src/lib/core/reading';
import type { Catalog } from '../src/lib/core/sensor';
import { formatReading } from '../ingest/durable/influx-sink';
import { createInfluxDB } from '../src/lib/influx/client';
import { influxQl } from '../src/lib/influx/query';
import { writeLines } from '../src/lib/influx/write';
import { rebuildRollups } from '../src/lib/influx/rollups';
import { setupInflux } from '../src/lib/influx/setup';
import { generate } from '../simulators/generators/index';
import { DEFAULT_CATALOG, DEFAULT_INTO_H } from '../simulators/options';
import { hashUnit } from '../src/lib/core/random';
import { createScenarioPlayer } from '../simulators/scenario-player';
import { SCENARIOS } from '../simulators/scenarios/index';

const HOUR_MS = 3_600_000;
/** How much history npm start writes. */
export const BACKFILL_HOURS = 24;
const BATCH_LINES = 5_000;
/** One request of BATCH_LINES lines on a busy first start. */
const WRITE_TIMEOUT_MS = 30_000;
/** The simulator's defaults when npm start runs it without flags. */
const SIM_SEED = 42;
const SIM_SCENARIO = 'flood-rise';

/** Pins the simulator's scenario start (unless set) so the live run and the backfill agree; returns it. */
export function pinScenarioStart(env: NodeJS.ProcessEnv, nowMs: number): number {
  if (!env.SIM_SCENARIO_START) env.SIM_SCENARIO_START = String(nowMs - (DEFAULT_INTO_H[SIM_SCENARIO] ?? 0) * HOUR_MS);
  const ms = Number(env.SIM_SCENARIO_START);
  return Number.isFinite(ms) ? ms : Date.parse(env.SIM_SCENARIO_START);
}

export interface HistoryOptions {
  catalog: Catalog;
  seed: number;
  scenario: string;
  scenarioStartMs: number;
  fromMs: number;
  toMs: number;
}

/** Every sensor's readings in [fromMs, toMs) at its catalog interval, phases spread by seed as the simulator does. */
export function historyReadings(o: HistoryOptions): Reading[] {
  const player = createScenarioPlayer({ scenario: SCENARIOS[o.scenario], seed: o.seed, startMs: o.scenarioStartMs, intervalMs: 60_000, generate, sensors: o.catalog.sensors });
  const out: Reading[] = [];
  for (const sensor of o.catalog.sensors) {
    const intervalMs = (sensor.intervalS ?? 60) * 1000;
    for (let t = o.fromMs + Math.floor(hashUnit(o.seed, `${sensor.id}:phase`, 0) * intervalMs); t < o.toMs; t += intervalMs) {
      const values = player.apply(sensor, t, generate(sensor, t, o.seed));
      if (values) out.push({ sensorId: sensor.id, kind: sensor.kind, ts: t, values });
    }
  }
  return out;
}

/** True when readings of the last hours are already stored (npm start restarted): no second past. */
async function hasRecentReadings(influx: InfluxConfig, beforeMs: number): Promise<boolean> {
  // Only before the simulator started: its live readings may already be arriving.
  const q = `SELECT count("water_level") FROM "flood" WHERE time > ${beforeMs - BACKFILL_HOURS * HOUR_MS}ms AND time < ${beforeMs}ms`;
  const body = await influxQl(influx, q);
  return (body.results?.[0]?.series?.length ?? 0) > 0;
}

export interface BackfillOptions {
  root: string;
  /** InfluxDB as the stack runs it (INFLUX_* env for the rest: API version, token, credentials). */
  influxUrl: string;
  database: string;
  scenarioStartMs: number;
  /** End of the history: when the simulator started publishing. */
  untilMs: number;
  log: (line: string) => void;
}

/** Writes the last BACKFILL_HOURS of the default simulation; logs and returns the number of readings. */
export async function backfillHistory(o: BackfillOptions): Promise<number> {
  const influx = parseInfluxConfig({ ...process.env, INFLUX_URL: o.influxUrl, INFLUX_DB: o.database });
  const checked = validateCatalog(JSON.parse(readFileSync(path.resolve(o.root, process.env.PANTAU_CATALOG ?? DEFAULT_CATALOG), 'utf8')));
  if (!checked.ok) throw new Error(`catalog invalid: ${checked.errors.join('; ')}`);
  await setupInflux(influx);
  if (await hasRecentReadings(influx, o.untilMs)) {
    o.log(`backfill: readings of the last ${BACKFILL_HOURS} h are already stored: not writing history`);
    return 0;
  }
  const district = new Map(checked.catalog.sensors.map((s) => [s.id, s.district]));
  const fromMs = o.untilMs - BACKFILL_HOURS * HOUR_MS;
  const readings = historyReadings({
    catalog: checked.catalog, seed: SIM_SEED, scenario: SIM_SCENARIO, scenarioStartMs: o.scenarioStartMs, fromMs, toMs: o.untilMs
  });
  await writeLines(createInfluxDB(influx, WRITE_TIMEOUT_MS), influx, readings.map((r) => formatReading(r, district.get(r.sensorId) ?? 'unknown')), '', BATCH_LINES);
  // Continuous queries only look minutes back: the past lands in the rollups by their own query, run for its range.
  const rolled = await rebuildRollups(influx, fromMs, o.untilMs);
  o.log(`backfill: wrote ${readings.length} readings of the last ${BACKFILL_HOURS} h (the storm so far) to InfluxDB, ${rolled} rollup points`);
  return readings.length;
}
