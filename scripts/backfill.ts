/**
 * npm start's history: the readings the simulated sensors would have sent in the hours before the
 * simulator started, so the charts show the storm's rise and a forecaster reading InfluxDB has a
 * past. Written straight to InfluxDB in the ingest's own line protocol (formatReading), at each
 * sensor's catalog interval, from the same generators and scenario player as the live simulator,
 * anchored at the same scenario start (SIM_SCENARIO_START, pinned here before the stack starts).
 * A restart continues the storm of the last run while its readings are recent (pinScenarioStart)
 * and then writes only the downtime: a new storm next to the old readings made a seam (−47 cm).
 *
 * Why not publish them over MQTT: ingest would take them (its window reaches 7 days back), but its
 * detectors would then see hours pass in seconds and raise and resolve alerts for the past, and
 * the wall would show old values as live. InfluxDB is the record of the past; MQTT is "now".
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { stormEffectEndS } from '../simulators/storm';
import { chooseStorm, readSavedStorm, writeSavedStorm, type StormRules } from '../simulators/storm-state';

const HOUR_MS = 3_600_000;
/** The repository, where npm start keeps its data dir (scripts/lib/start-config.ts resolves it the same way). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** How much history npm start writes. */
export const BACKFILL_HOURS = 24;
const BATCH_LINES = 5_000;
/** One request of BATCH_LINES lines on a busy first start. */
const WRITE_TIMEOUT_MS = 30_000;
/** The simulator's defaults when npm start runs it without flags. */
const SIM_SEED = 42;
const SIM_SCENARIO = 'flood-rise';

/** The storm npm start plays, kept under the data dir across restarts (simulators/storm-state.ts). */
export const STORM_FILE = 'sim-storm.json';
/** A restart up to this long after the last run's readings continues its storm. */
const STORM_MAX_GAP_MS = 6 * HOUR_MS;

export function stormRules(): StormRules {
  const lengthS = Math.max(...SCENARIOS[SIM_SCENARIO].effects.map((e) => (e.type === 'storm' ? stormEffectEndS(e) : 0)));
  return { scenario: SIM_SCENARIO, seed: SIM_SEED, intoMs: (DEFAULT_INTO_H[SIM_SCENARIO] ?? 0) * HOUR_MS, lengthMs: lengthS * 1000, maxGapMs: STORM_MAX_GAP_MS };
}

/**
 * Pins the simulator's scenario start so the live run and the backfill agree; returns it. Set from
 * outside (SIM_SCENARIO_START), it is used as is. Otherwise the storm of the last run is continued
 * while its readings are recent (chooseStorm), and the choice is saved in `dataDir` for the next
 * start; SIM_STORM_STATE tells the simulator where to mark it as played, SIM_STORM_JOINS_HISTORY
 * tells the backfill the stored readings are of this storm.
 */
export function pinScenarioStart(env: NodeJS.ProcessEnv, nowMs: number, dataDir = path.resolve(ROOT, env.PANTAU_DATA_DIR || '.data')): number {
  if (!env.SIM_SCENARIO_START) {
    const file = path.join(dataDir, STORM_FILE);
    const rules = stormRules();
    const choice = chooseStorm(readSavedStorm(file), nowMs, rules);
    env.SIM_SCENARIO_START = String(choice.scenarioStartMs);
    env.SIM_STORM_WHY = choice.why;
    if (choice.joinsHistory) env.SIM_STORM_JOINS_HISTORY = '1';
    try {
      mkdirSync(dataDir, { recursive: true });
      writeSavedStorm(file, { scenario: rules.scenario, seed: rules.seed, scenarioStartMs: choice.scenarioStartMs, lastSeenMs: nowMs });
      env.SIM_STORM_STATE = file;
    } catch {
      // Unwritable data dir: this run plays its storm; the next start cannot continue it.
    }
  }
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

/** Time of the last reading stored in the BACKFILL_HOURS before beforeMs (npm start restarted), or null. */
async function lastStoredMs(influx: InfluxConfig, beforeMs: number): Promise<number | null> {
  // Only before the simulator started: its live readings may already be arriving.
  const q = `SELECT last("water_level") FROM "flood" WHERE time > ${beforeMs - BACKFILL_HOURS * HOUR_MS}ms AND time < ${beforeMs}ms`;
  const body = await influxQl(influx, q);
  const t = Number(body.results?.[0]?.series?.[0]?.values?.[0]?.[0]);
  return Number.isFinite(t) ? t : null;
}

/**
 * Pure: where the history starts, or null for none. Nothing stored: the whole BACKFILL_HOURS.
 * Readings stored and the storm continues them: only the gap since the last one (the restart's
 * downtime). Readings of another storm stored: none, rather than a second past beside them.
 */
export function historyFromMs(lastMs: number | null, untilMs: number, joinsHistory: boolean): number | null {
  if (lastMs === null) return untilMs - BACKFILL_HOURS * HOUR_MS;
  return joinsHistory ? lastMs + 1 : null;
}

export interface BackfillOptions {
  root: string;
  /** InfluxDB as the stack runs it (INFLUX_* env for the rest: API version, token, credentials). */
  influxUrl: string;
  database: string;
  scenarioStartMs: number;
  /** End of the history: when the simulator started publishing. */
  untilMs: number;
  /** The stored readings are of this storm (pinScenarioStart's choice; default from SIM_STORM_JOINS_HISTORY). */
  joinsHistory?: boolean;
  log: (line: string) => void;
}

/** Writes the last BACKFILL_HOURS of the default simulation; logs and returns the number of readings. */
export async function backfillHistory(o: BackfillOptions): Promise<number> {
  const influx = parseInfluxConfig({ ...process.env, INFLUX_URL: o.influxUrl, INFLUX_DB: o.database });
  const checked = validateCatalog(JSON.parse(readFileSync(path.resolve(o.root, process.env.PANTAU_CATALOG ?? DEFAULT_CATALOG), 'utf8')));
  if (!checked.ok) throw new Error(`catalog invalid: ${checked.errors.join('; ')}`);
  await setupInflux(influx);
  if (process.env.SIM_STORM_WHY) o.log(`backfill: ${process.env.SIM_STORM_WHY}`);
  const fromMs = historyFromMs(await lastStoredMs(influx, o.untilMs), o.untilMs, o.joinsHistory ?? process.env.SIM_STORM_JOINS_HISTORY === '1');
  if (fromMs === null) {
    o.log(`backfill: readings of another storm are stored from the last ${BACKFILL_HOURS} h: not writing history`);
    return 0;
  }
  const district = new Map(checked.catalog.sensors.map((s) => [s.id, s.district]));
  const readings = historyReadings({
    catalog: checked.catalog, seed: SIM_SEED, scenario: SIM_SCENARIO, scenarioStartMs: o.scenarioStartMs, fromMs, toMs: o.untilMs
  });
  await writeLines(createInfluxDB(influx, WRITE_TIMEOUT_MS), influx, readings.map((r) => formatReading(r, district.get(r.sensorId) ?? 'unknown')), '', BATCH_LINES);
  // Continuous queries only look minutes back: the past lands in the rollups by their own query, run for its range.
  const rolled = await rebuildRollups(influx, fromMs, o.untilMs);
  o.log(`backfill: wrote ${readings.length} readings of the last ${((o.untilMs - fromMs) / HOUR_MS).toFixed(1)} h (the storm so far) to InfluxDB, ${rolled} rollup points`);
  return readings.length;
}
