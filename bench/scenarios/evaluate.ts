/**
 * One seed, end to end: the scenario run (warm-up, then every scenario in its slot), its twin
 * without the glitches of the *-glitch slots (glitch.ts: which emergencies a glitch caused), and the
 * quiet baseline run (warm-up, then `days` counted days), each simulated and scored.
 */
import type { Catalog } from '../../src/lib/core/sensor';
import { SCENARIOS } from '../../simulators/scenarios/index';
import { createScenarioPlan, firstCrossings, truthOfSlot, windowOfTruth, type Slot } from './plan';
import {
  countFalseAlerts,
  createUpstreamIndex,
  emergenciesOnFaults,
  floodLeadTimes,
  scorePrecision,
  scoreRecall,
  type AlertRecord,
  type FalseAlertRate,
  type FloodLead,
  type Precision,
  type RecallByType
} from './score';
import { DAY_MS, simulateScenarios, type SimulationInput, type SimulationOutput } from './simulate';
import { emergenciesFromGlitches, glitchesOf, glitchWindowMs, withoutGlitches } from './glitch';

export interface SlotScore {
  name: string;
  stretch: number;
  startMs: number;
  recall: RecallByType[];
  precision: Precision;
  faultEmergencies: AlertRecord[];
  leads: FloodLead[];
  /** *-glitch slots: emergency alerts a scripted glitch caused (glitch.ts); empty elsewhere. */
  glitchEmergencies: AlertRecord[];
}

export interface SeedScore {
  seed: number;
  slots: SlotScore[];
  baseline: FalseAlertRate;
  baselineDays: number;
  readings: number;
  refusedByCode: Record<string, number>;
  cpuS: number;
}

export interface EvaluateOptions {
  catalog: Catalog;
  seed: number;
  /** Simulated epoch ms where each run starts (warm-up first). */
  startMs: number;
  warmupMs: number;
  baselineDays: number;
  intervalMs: number;
  floodStretch: number;
  format: SimulationInput['format'];
  log: (line: string) => void;
}

/** The twin run's alerts (the same run with the glitches taken out), when the plan has glitches. */
export interface GlitchTwin {
  alerts: readonly AlertRecord[];
  intervalMs: number;
  downstream: (sensorId: string) => readonly string[];
}

export function scoreSlot(slot: Slot, out: SimulationOutput, upstream: ReturnType<typeof createUpstreamIndex>, twin?: GlitchTwin): SlotScore {
  const truth = truthOfSlot(out.truth, slot);
  const w = windowOfTruth(slot);
  const lateMs = Math.max(slot.window.lateMs, slot.floodWindow.lateMs);
  const siaga2At = firstCrossings(out.siaga2Crossings, slot.startMs, slot.slotEndMs);
  return {
    name: slot.name,
    stretch: slot.stretch,
    startMs: slot.startMs,
    recall: scoreRecall(truth, out.alerts, upstream, w),
    precision: scorePrecision(truth, out.alerts, upstream, { from: slot.startMs, to: slot.effectsEndMs + lateMs }, w),
    faultEmergencies: emergenciesOnFaults(truth, out.alerts, w),
    leads: floodLeadTimes(truth, out.alerts, siaga2At, upstream, w),
    glitchEmergencies: twin && slot.name.endsWith('-glitch')
      ? emergenciesFromGlitches(glitchesOf(slot.scenario, slot.startMs, twin.downstream), out.alerts, twin.alerts, glitchWindowMs(twin.intervalMs))
      : []
  };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function evaluateSeed(o: EvaluateOptions): SeedScore {
  const cpu0 = cpuSeconds();
  const upstream = createUpstreamIndex(o.catalog.sensors);
  const common = { catalog: o.catalog, seed: o.seed, intervalMs: o.intervalMs, format: o.format };
  const slots = createScenarioPlan({ firstStartMs: o.startMs + o.warmupMs, intervalMs: o.intervalMs, floodStretch: o.floodStretch });
  const runEndMs = slots[slots.length - 1].slotEndMs;
  const totalDays = Math.ceil((runEndMs - o.startMs) / DAY_MS);
  const slotAt = (t: number) => slots.filter((s) => s.startMs < t + DAY_MS && s.slotEndMs > t).map((s) => s.name).join(', ');
  o.log(`seed ${o.seed} · scenarios: day 1/${totalDays} (warm-up)`);
  const scen = simulateScenarios({
    ...common,
    runStartMs: o.startMs,
    runEndMs,
    plays: slots.map((s) => ({ scenario: s.scenario, startMs: s.startMs })),
    onDay: (d, t) => o.log(`seed ${o.seed} · scenarios: day ${d + 1}/${totalDays} (${slotAt(t) || 'quiet'})`)
  });
  // The same run with the glitches taken out: what the glitched slots' alerts are compared with.
  const glitched = slots.some((s) => s.name.endsWith('-glitch'));
  if (glitched) o.log(`seed ${o.seed} · the same without glitches (twin)`);
  const twin = glitched
    ? simulateScenarios({ ...common, runStartMs: o.startMs, runEndMs, plays: slots.map((s) => ({ scenario: s.name.endsWith('-glitch') ? withoutGlitches(s.scenario) : s.scenario, startMs: s.startMs })) })
    : null;
  const downstreamOf = new Map(o.catalog.sensors.map((s) => [s.id, s.downstream ?? []]));
  const twinScore: GlitchTwin | undefined = twin ? { alerts: twin.alerts, intervalMs: o.intervalMs, downstream: (id) => downstreamOf.get(id) ?? [] } : undefined;
  const baseStart = o.startMs;
  const countFrom = baseStart + o.warmupMs;
  const baseEnd = countFrom + o.baselineDays * DAY_MS;
  const baseDays = Math.ceil((baseEnd - baseStart) / DAY_MS);
  o.log(`seed ${o.seed} · baseline (none): day 1/${baseDays} (warm-up)`);
  const base = simulateScenarios({
    ...common,
    runStartMs: baseStart,
    runEndMs: baseEnd,
    plays: [{ scenario: SCENARIOS.none, startMs: countFrom }],
    onDay: (d, t) => o.log(`seed ${o.seed} · baseline (none): day ${d + 1}/${baseDays}${t < countFrom ? ' (warm-up)' : ''}`)
  });
  const quietAlerts = base.alerts.filter((a) => a.raisedAt >= countFrom);
  const refusedByCode: Record<string, number> = { ...scen.refusedByCode };
  for (const [k, v] of Object.entries(base.refusedByCode)) refusedByCode[k] = (refusedByCode[k] ?? 0) + v;
  return {
    seed: o.seed,
    slots: slots.map((s) => scoreSlot(s, scen, upstream, twinScore)),
    baseline: countFalseAlerts(quietAlerts, o.catalog.sensors.length * o.baselineDays),
    baselineDays: o.baselineDays,
    readings: scen.readings + base.readings,
    refusedByCode,
    cpuS: cpuSeconds() - cpu0
  };
}
