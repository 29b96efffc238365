/**
 * What one injected fault did, against the same river replayed clean (bench:rivers-faults): the
 * river's alerts by the engine and policy of bench:rivers, and the forecaster's h60 forecasts of the
 * faulted gauge as the engine's forecaster made them.
 *
 * - New false emergency: a paging emergency (bench/rivers/score.ts) of any gauge of the river, raised
 *   at or after the fault's start, false against the CLEAN readings (the water did not reach Siaga 3),
 *   and with no alert of the same rule on the same gauge raised within an hour of it in the clean run
 *   (for a forecast warning: none of any forecast rule raised within the hour or open then; sameAlert).
 * - Detected: a maintenance alert of the faulted gauge raised in [start, end + 1 h] that the clean
 *   run did not raise (same rule within an hour); delay = its raise − the fault's start.
 * - Crossings warned ≥ 30 min, scored against the clean readings, faulted run vs clean run; of those
 *   lost, the ones of the faulted gauge itself while its readings were faulty (no rule can warn of a
 *   level its gauge does not report) are counted apart.
 * - Forecast h60: the river forecaster's, as the engine runs it (fed what the engine feeds it), at
 *   the faulted gauge's readings after the fault that are the truth again (the clean value, or the
 *   clean value plus a datum step's shift): faulted run vs clean run against the same truth (skill
 *   as bench/forecast/score.ts; a reading without a fresh forecast counts as persistence).
 * - Cleared mid-flood: a flood_level event of the faulted gauge at or after the fault's start that resolved its alert or
 *   lowered its level, at a time the CLEAN gauge (its last reading at or before) stood at or above Siaga 3 and at a worse
 *   Siaga than the alert then said: an all-clear (or a milder level) the water did not give. Counted in both runs.
 */
import { ForecastScorer } from '../forecast/score';
import type { Series, StationForecasts } from '../forecast/data';
import type { Gauge, River } from '../rivers/data';
import { replayRiver, type AlertRecord } from '../rivers/replay';
import { WARNED_LEAD_MS, WARNING_RULES, crossings, isPagingEmergency, isTrueEmergency, leadOf, scoreRiver, spells } from '../rivers/score';
import type { FaultLabel } from './inject';
import type { AlertEvent } from '../../src/lib/core/alert';
import { siagaLevel } from '../../src/lib/core/flood-levels';
import { SIAGA1_ABOVE_CM, SIAGA2_ABOVE_CM } from '../rivers/data';

const HOUR_MS = 3_600_000;

export interface FaultOutcome {
  label: FaultLabel;
  river: string;
  newFalseOnGauge: number;
  newFalseElsewhere: number;
  newFalseRules: string[];
  detected: boolean;
  delayMin: number | null;
  warnedClean: number;
  warnedFaulted: number;
  /** Of the crossings warned clean and not faulted, those of the faulted gauge while its readings were faulty (it could not show them). */
  lostOnGauge: number;
  /** flood_level alerts cleared or lowered while the clean gauge stood above Siaga 3 (see the header), clean run / faulted run. */
  clearedClean: number;
  clearedFaulted: number;
}

/** A flood_level alert of `sensorId` resolved (level 0) or lowered to `level` at `at`. */
export interface FloodDrop {
  sensorId: string;
  at: number;
  level: number;
}

/** Keeps the flood_level events that resolve or lower their alert (a record per alert id of its level before). */
export function floodDrops(): { take(events: readonly AlertEvent[]): void; drops: FloodDrop[] } {
  const levels = new Map<string, number>();
  const drops: FloodDrop[] = [];
  return {
    drops,
    take(events) {
      for (const e of events) {
        const a = e.alert;
        if (a.rule !== 'flood_level') continue;
        const before = levels.get(a.id);
        if (e.type === 'resolved') {
          levels.delete(a.id);
          if (!a.mergedInto) drops.push({ sensorId: a.sensorId, at: e.at, level: 0 });
          continue;
        }
        if (before !== undefined && a.level < before) drops.push({ sensorId: a.sensorId, at: e.at, level: a.level });
        levels.set(a.id, a.level);
      }
    }
  };
}

/** Drops of the faulted gauge from `label.startMs` on while the clean gauge `g` stood above Siaga 3 and worse than the alert said. */
export function clearedInFlood(label: FaultLabel, g: Gauge, drops: readonly FloodDrop[]): number {
  if (g.warnCm === null) return 0;
  const t = { siaga3: g.warnCm, siaga2: g.warnCm + SIAGA2_ABOVE_CM, siaga1: g.warnCm + SIAGA1_ABOVE_CM };
  let n = 0;
  for (const d of drops) {
    if (d.sensorId !== g.id || d.at < label.startMs) continue;
    const i = lastAtOrBefore(g.ts, d.at);
    if (i < 0 || g.level[i] < g.warnCm) continue;
    // alert level of the clean reading: 1 = Siaga 3 … 3 = Siaga 1
    if (d.level < 4 - siagaLevel(g.level[i], t).siaga) n++;
  }
  return n;
}

/** Index of the last time in the sorted `ts` at or before `at`; −1 when none. */
function lastAtOrBefore(ts: Float64Array, at: number): number {
  let [lo, hi] = [0, ts.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] <= at) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi;
}

/**
 * Whether the clean run had `a` too: the same rule on the same gauge raised within the hour, or for a
 * forecast warning (WARNING_RULES) one of any of them raised within the hour or still open when `a` was
 * raised. The forecast rules split one forecast's warning by who drives it (flood-forecast.ts: an
 * upstream gauge rising, else the gauge's own rise): an upstream gauge that falls silent no longer
 * shows its rise, and the clean run's upstream_warning comes as rate_of_rise, the same warning
 * (seeds 1–3, negative-forever and stuck-3d: every "new false emergency elsewhere" was one).
 */
function sameAlert(a: AlertRecord, others: readonly AlertRecord[]): boolean {
  const warning = WARNING_RULES.has(a.rule);
  return others.some((o) => {
    if (o.sensorId !== a.sensorId || !(o.rule === a.rule || (warning && WARNING_RULES.has(o.rule)))) return false;
    return Math.abs(o.raisedAt - a.raisedAt) < HOUR_MS || (warning && o.raisedAt <= a.raisedAt && (o.resolvedAt ?? Infinity) > a.raisedAt);
  });
}

/** A river's replay as the fault measures see it: its alerts, and its flood_level drops (floodDrops). */
export interface RunAlerts {
  alerts: readonly AlertRecord[];
  drops: readonly FloodDrop[];
}

/** The fault's effect on the river's alerts (see the header). */
export function compareAlerts(label: FaultLabel, river: River, cleanRun: RunAlerts, faultedRun: RunAlerts): FaultOutcome {
  const [clean, faulted] = [cleanRun.alerts, faultedRun.alerts];
  const byId = new Map(river.gauges.map((g) => [g.id, g]));
  const out: FaultOutcome = { label, river: river.river, newFalseOnGauge: 0, newFalseElsewhere: 0, newFalseRules: [], detected: false, delayMin: null, warnedClean: 0, warnedFaulted: 0, lostOnGauge: 0, clearedClean: 0, clearedFaulted: 0 };
  const cleanGauge = byId.get(label.gaugeId);
  if (cleanGauge) [out.clearedClean, out.clearedFaulted] = [clearedInFlood(label, cleanGauge, cleanRun.drops), clearedInFlood(label, cleanGauge, faultedRun.drops)];
  const lastTs = byId.get(label.gaugeId)?.ts.at(-1) ?? label.startMs;
  const detectUntil = Math.min(label.endMs, lastTs) + HOUR_MS;
  for (const a of faulted) {
    if (a.raisedAt < label.startMs || sameAlert(a, clean)) continue;
    const g = byId.get(a.sensorId);
    if (g && isPagingEmergency(a) && !isTrueEmergency(a, g)) {
      if (a.sensorId === label.gaugeId) out.newFalseOnGauge++;
      else out.newFalseElsewhere++;
      out.newFalseRules.push(a.rule);
    }
    if (a.sensorId === label.gaugeId && a.category === 'maintenance' && a.raisedAt <= detectUntil) {
      const delay = (a.raisedAt - label.startMs) / 60_000;
      out.detected = true;
      out.delayMin = out.delayMin === null ? delay : Math.min(out.delayMin, delay);
    }
  }
  out.warnedClean = scoreRiver(river.gauges, clean, river.stepS).warned30;
  out.warnedFaulted = scoreRiver(river.gauges, faulted, river.stepS).warned30;
  if (cleanGauge) out.lostOnGauge = lostWhileFaulty(label, cleanGauge, clean, faulted);
  return out;
}

/** Crossings of the faulted gauge in [start, end) warned ≥ 30 min in the clean run and not in the faulted one. */
function lostWhileFaulty(label: FaultLabel, g: Gauge, clean: readonly AlertRecord[], faulted: readonly AlertRecord[]): number {
  const warned = (alerts: readonly AlertRecord[]) => spells(alerts.filter((a) => a.sensorId === g.id && a.category === 'emergency' && WARNING_RULES.has(a.rule)));
  const [c, f] = [warned(clean), warned(faulted)];
  return crossings(g).filter((t) => t >= label.startMs && t < label.endMs && leadOf(t, c) >= WARNED_LEAD_MS && leadOf(t, f) < WARNED_LEAD_MS).length;
}

/** h60 forecasts per gauge of a river, issue time (s) → level, as the engine made them after each reading. */
export type EngineForecasts = Map<number, number>[];

/** Replays a river and keeps the engine's fresh h60 forecast after every reading of every gauge, and its flood_level drops. */
export function replayWithForecasts(river: River): RunAlerts & { alerts: AlertRecord[]; forecasts: EngineForecasts } {
  const forecasts: EngineForecasts = river.gauges.map(() => new Map());
  const drops = floodDrops();
  const { alerts } = replayRiver(river, undefined, (gi, i, engine) => {
    const g = river.gauges[gi];
    const fc = engine.forecast(g.id);
    // a held reading (a glitch, a frozen value) has no forecast of its own: scored as persistence
    const v = fc && fc.ts === g.ts[i] ? fc.points.find((p) => p.horizonMin === 60)?.levelCm : undefined;
    if (v !== undefined) forecasts[gi].set(g.ts[i] / 1000, v);
  }, drops.take);
  return { alerts, forecasts, drops: drops.drops };
}

/** The faulted gauge's readings that are the truth again after the fault (see the header), as a series in s. */
export function truthAfter(clean: Gauge, faulted: Gauge, label: FaultLabel): Series {
  const reported = new Map<number, number>();
  faulted.ts.forEach((t, i) => reported.set(t, faulted.level[i]));
  const from = Number.isFinite(label.endMs) ? Math.max(label.startMs, label.endMs) : label.startMs;
  const out: Series = { ts: [], level: [] };
  clean.ts.forEach((t, i) => {
    const v = clean.level[i] + label.truthShiftCm;
    if (t < from || reported.get(t) !== v) return;
    out.ts.push(t / 1000);
    out.level.push(v);
  });
  return out;
}

/** Adds the faulted gauge's h60 forecasts of the clean and the faulted run (the engine's) to one scorer each. */
export function scoreForecasts(clean: Gauge, faulted: Gauge, label: FaultLabel, fc: { clean: Map<number, number>; faulted: Map<number, number> }, scorers: { clean: ForecastScorer; faulted: ForecastScorer }): void {
  const truth = truthAfter(clean, faulted, label);
  if (truth.ts.length === 0) return;
  const keep = new Set(truth.ts);
  const asForecasts = (m: Map<number, number>, shift: number): StationForecasts => {
    const out: StationForecasts = new Map();
    for (const [t, v] of m) if (keep.has(t)) out.set(t, { 60: v + shift });
    return out;
  };
  scorers.clean.add(truth, asForecasts(fc.clean, label.truthShiftCm), null);
  scorers.faulted.add(truth, asForecasts(fc.faulted, 0), null);
}
