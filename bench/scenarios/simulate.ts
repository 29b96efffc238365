/**
 * Scenarios in simulated time, in process: the simulator's generators and scenario players make
 * the readings of the whole catalog in time order, the simulator's payload builder turns them into
 * what a sensor sends, ingest's own decoder accepts or refuses them (an out-of-range value takes the
 * real path to engine.reportOutOfRange), and the engine ticks every tickMs of simulated time, as
 * ingest's timer does. No MQTT, no InfluxDB: a simulated week takes about a minute.
 */
import type { AlertEvent } from '../../src/lib/core/alert';
import { DEFAULT_DECODE_LIMITS } from '../../src/lib/core/decode';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { indexSensors } from '../../src/lib/core/sensor';
import { sensorTopic } from '../../src/lib/core/topic';
import { createMessageDecoder } from '../../ingest/decode-message';
import { createDetectionEngine } from '../../ingest/detect/engine';
import { generate } from '../../simulators/generators/index';
import { formatPayload, type PayloadFormat } from '../../simulators/payload';
import { hashUnit } from '../../src/lib/core/random';
import { stormCell } from '../../simulators/storm';
import { createScenarioPlayer, type TruthEvent } from '../../simulators/scenario-player';
import type { Scenario } from '../../simulators/scenarios/types';
import type { AlertRecord } from './score';

export const DAY_MS = 86_400_000;
/** ingest's INGEST_TICK_MS default. */
export const INGEST_TICK_MS = 5_000;
/** ingest's INGEST_MAX_SENSOR_RATE default. */
export const INGEST_MAX_SENSOR_RATE_PER_S = 20;

/** One scenario laid over the run from startMs (its effects' time 0). */
export interface Play {
  scenario: Scenario;
  startMs: number;
}

export interface SimulationInput {
  catalog: Catalog;
  seed: number;
  /** Simulated epoch ms; readings before the first play are the detectors' warm-up. */
  runStartMs: number;
  runEndMs: number;
  /** Scenarios in the run, each with its own player; their effects are chained in this order. */
  plays: readonly Play[];
  intervalMs: number;
  tickMs?: number;
  /** `mixed`: each sensor picks JSON or SenML by a hash of its id, so both decoders are on the path. */
  format: PayloadFormat | 'mixed';
  /** Called when the simulated clock enters a new day since the run started (1, 2, …). */
  onDay?: (day: number, simMs: number) => void;
}

export interface SimulationOutput {
  alerts: AlertRecord[];
  truth: TruthEvent[];
  /** Flood gauge → times its readings went from below to at or above its Siaga 2 line (at most MAX_CROSSINGS). */
  siaga2Crossings: Map<string, number[]>;
  readings: number;
  silenced: number;
  refusedByCode: Record<string, number>;
  alertEvents: number;
}

/** Bound on remembered Siaga 2 crossings per gauge (a gauge hovering at the line would add one per reading). */
export const MAX_CROSSINGS = 64;

/** Folds alert events into one record per alert: first raise, worst level, resolution. */
export function createAlertCollector() {
  const byId = new Map<string, AlertRecord>();
  let events = 0;
  return {
    add(list: readonly AlertEvent[]): void {
      for (const e of list) {
        events++;
        const a = e.alert;
        let r = byId.get(a.id);
        if (!r) {
          r = { id: a.id, sensorId: a.sensorId, rule: a.rule, category: a.category, severity: a.severity, level: a.level, raisedAt: a.raisedAt };
          byId.set(a.id, r);
        }
        if (a.level > r.level) r.level = a.level;
        if (a.severity === 'critical' || (a.severity === 'warning' && r.severity === 'info')) r.severity = a.severity;
        if (e.type === 'resolved') r.resolvedAt = e.at;
      }
    },
    alerts: () => [...byId.values()].sort((a, b) => a.raisedAt - b.raisedAt),
    events: () => events
  };
}

function formatOf(format: SimulationInput['format'], sensor: Sensor, seed: number): PayloadFormat {
  if (format !== 'mixed') return format;
  return hashUnit(seed, `${sensor.id}:format`, 0) < 0.5 ? 'json' : 'senml';
}

/** Silence wins: once a play silences the sensor, later plays see nothing to change. */
function createChainedPlayers(input: SimulationInput) {
  // Each play's storms add to the water earlier plays' storms left in the river (the truth too).
  const cellsOf = (p: Play) => p.scenario.effects.flatMap((e) => (e.type === 'storm' ? [stormCell(e, input.seed, p.startMs)] : []));
  const players = input.plays.map((p, i) => createScenarioPlayer({
    scenario: p.scenario, seed: input.seed, startMs: p.startMs, intervalMs: input.intervalMs, generate,
    earlierStorms: input.plays.slice(0, i).flatMap(cellsOf)
  }));
  return {
    apply(sensor: Sensor, t: number, values: Record<string, number>): Record<string, number> | null {
      let v: Record<string, number> | null = values;
      for (const p of players) if (v && (v = p.apply(sensor, t, v)) === null) return null;
      return v;
    },
    truth: (sensors: readonly Sensor[]) => players.flatMap((p) => p.truth(sensors)).filter((t) => t.start < input.runEndMs)
  };
}

export function simulateScenarios(input: SimulationInput): SimulationOutput {
  const { catalog, seed, intervalMs, runStartMs, runEndMs } = input;
  const tickMs = input.tickMs ?? INGEST_TICK_MS;
  const player = createChainedPlayers(input);
  const engine = createDetectionEngine({ catalog });
  const decode = createMessageDecoder({ sensors: indexSensors(catalog), limits: DEFAULT_DECODE_LIMITS, maxRatePerS: INGEST_MAX_SENSOR_RATE_PER_S });
  const collector = createAlertCollector();
  const refusedByCode: Record<string, number> = {};
  const siaga2Crossings = new Map<string, number[]>();
  const aboveSiaga2 = new Set<string>();
  // Phases spread over the interval by seed, as simulators/run.ts does; visited in phase order.
  const order = catalog.sensors
    .map((sensor) => ({ sensor, phaseMs: Math.floor(hashUnit(seed, `${sensor.id}:phase`, 0) * intervalMs), topic: sensorTopic(sensor.kind, sensor.id), format: formatOf(input.format, sensor, seed) }))
    .sort((a, b) => a.phaseMs - b.phaseMs);
  let readings = 0;
  let silenced = 0;
  let nextTick = runStartMs + tickMs;
  let day = 0;

  function tickUntil(t: number): void {
    while (nextTick <= t) {
      collector.add(engine.tick(nextTick));
      const d = Math.floor((nextTick - runStartMs) / DAY_MS);
      if (d > day && nextTick < runEndMs) input.onDay?.((day = d), nextTick);
      nextTick += tickMs;
    }
  }

  function noteSiaga2(sensor: Sensor, wl: number | undefined, t: number): void {
    if (!sensor.flood || wl === undefined) return;
    if (wl < sensor.flood.siaga2) {
      aboveSiaga2.delete(sensor.id);
      return;
    }
    if (aboveSiaga2.has(sensor.id)) return;
    aboveSiaga2.add(sensor.id);
    const list = siaga2Crossings.get(sensor.id) ?? [];
    if (list.length < MAX_CROSSINGS) list.push(t);
    siaga2Crossings.set(sensor.id, list);
  }

  for (let base = runStartMs; base < runEndMs; base += intervalMs) {
    for (const o of order) {
      const t = base + o.phaseMs;
      if (t >= runEndMs) break;
      tickUntil(t - 1);
      const values = player.apply(o.sensor, t, generate(o.sensor, t, seed));
      if (values === null) {
        silenced++;
        continue;
      }
      const result = decode(o.topic, formatPayload(o.format, o.sensor.id, o.sensor.kind, t, values), t);
      if (!result.ok) {
        refusedByCode[result.code] = (refusedByCode[result.code] ?? 0) + 1;
        if (result.code === 'out_of_range' && result.sensorId && result.field !== undefined && result.value !== undefined) {
          collector.add(engine.reportOutOfRange(result.sensorId, result.field, result.value, t));
        }
        continue;
      }
      for (const r of result.readings) {
        readings++;
        collector.add(engine.observe(r));
        noteSiaga2(o.sensor, r.values.water_level, t);
      }
    }
  }
  tickUntil(runEndMs);
  return { alerts: collector.alerts(), truth: player.truth(catalog.sensors), siaga2Crossings, readings, silenced, refusedByCode, alertEvents: collector.events() };
}
