/**
 * Replays one river through the detection engine and alert policy exactly as the ingest builds
 * them (createDetectionEngine with the river's catalog and every rule of ingest/detect/index.ts):
 * the readings of all its gauges interleaved in time order, the engine ticked on a regular clock
 * between them, as ingest's timer does.
 */
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Reading } from '../../src/lib/core/reading';
import { createDetectionEngine, type DetectionEngine } from '../../ingest/detect/engine';
import { ALERT_POLICY_DEFAULTS, autoResolveQuietMs } from '../../ingest/detect/alert-policy-options';
import type { RuleDetector } from '../../ingest/detect/context';
import type { AlertRecord as LifeRecord } from '../lib/alert-record';
import { FIELDS } from '../../src/lib/core/sensor';
import { riverCatalog, type River } from './data';

/** The physical range of a level: the ingest refuses a reading outside it and reports it (engine.reportOutOfRange), the rules never see it. */
const LEVEL_RANGE = FIELDS.flood.water_level;

/** One alert as the bench sees it: first raise, worst level, resolution, and its English title for the report. */
export interface AlertRecord extends LifeRecord {
  title: string;
  /**
   * When its condition last held, at the latest: `quietSince` as it resolved, else its resolve less
   * the policy's hold for its rule at the river's interval (it resolves no sooner than that after).
   */
  conditionEndedAt?: number;
}

/** The engine's clock between readings; ingest ticks every 5 s, a minute is as good at 10-min readings. */
export const REPLAY_TICK_MS = 60_000;

/** A whole river silent this long is ticked no further, minute by minute, until its next reading. */
export const MAX_TICKED_SILENCE_MS = 7 * 86_400_000;

/**
 * The engine's next tick after `clock` on the way to a reading at `ts` (the river's previous one at
 * `last`): a minute on, or, once the river has been silent over a week, the last minute before `ts`
 * (a stray reading years early would otherwise be millions of ticks: a hang).
 */
export function nextTick(clock: number, last: number, ts: number): number {
  return clock - last >= MAX_TICKED_SILENCE_MS ? ts - ((ts - clock) % REPLAY_TICK_MS) : clock + REPLAY_TICK_MS;
}

function collect(byId: Map<string, AlertRecord>, events: readonly AlertEvent[], stepMs: number): void {
  for (const e of events) {
    const a = e.alert;
    let r = byId.get(a.id);
    if (!r) {
      r = { id: a.id, sensorId: a.sensorId, rule: a.rule, category: a.category, severity: a.severity, level: a.level, raisedAt: a.raisedAt, title: a.title.en };
      byId.set(a.id, r);
    }
    if (a.level > r.level) r.level = a.level;
    if (e.type === 'resolved') {
      r.resolvedAt = e.at;
      r.conditionEndedAt = a.quietSince ?? e.at - autoResolveQuietMs(ALERT_POLICY_DEFAULTS, a.rule, stepMs);
    }
  }
}

/** Every reading of the river in time order (gauge order breaks ties: upstream first). */
function interleave(river: River): { ids: string[]; gauge: Int32Array; index: Int32Array } {
  const total = river.gauges.reduce((n, g) => n + g.ts.length, 0);
  const gauge = new Int32Array(total);
  const index = new Int32Array(total);
  const order: number[] = [];
  let k = 0;
  river.gauges.forEach((g, gi) => {
    for (let i = 0; i < g.ts.length; i++, k++) [gauge[k], index[k]] = [gi, i];
  });
  for (let i = 0; i < total; i++) order.push(i);
  const at = (i: number) => river.gauges[gauge[i]].ts[index[i]];
  order.sort((a, b) => at(a) - at(b) || gauge[a] - gauge[b]);
  return { ids: river.gauges.map((g) => g.id), gauge: Int32Array.from(order, (i) => gauge[i]), index: Int32Array.from(order, (i) => index[i]) };
}

export interface ReplayResult {
  alerts: AlertRecord[];
  readings: number;
}

/** Told after each reading the engine observed: the gauge's index in the river, the reading's, and the engine. */
export type OnObserved = (gauge: number, index: number, engine: DetectionEngine) => void;
/** Told every batch of alert events the engine made (a reading's, a tick's, a refused reading's), in order. */
export type OnEvents = (events: readonly AlertEvent[]) => void;

/** `detectors` replaces the ingest's rules (to compare variants); by default the engine's own. */
export function replayRiver(river: River, detectors?: Record<string, RuleDetector>, onObserved?: OnObserved, onEvents?: OnEvents): ReplayResult {
  const engine = createDetectionEngine({ catalog: riverCatalog(river), detectors });
  const byId = new Map<string, AlertRecord>();
  const { ids, gauge, index } = interleave(river);
  const stepMs = river.stepS * 1000;
  const take = (events: readonly AlertEvent[]) => {
    collect(byId, events, stepMs);
    if (events.length > 0) onEvents?.(events);
  };
  let [clock, last] = [NaN, NaN];
  for (let k = 0; k < gauge.length; k++) {
    const g = river.gauges[gauge[k]];
    const ts = g.ts[index[k]];
    if (Number.isNaN(clock)) [clock, last] = [ts, ts];
    while (clock + REPLAY_TICK_MS <= ts) {
      clock = nextTick(clock, last, ts);
      take(engine.tick(clock));
    }
    last = ts;
    const wl = g.level[index[k]];
    if (!(wl >= LEVEL_RANGE.min && wl <= LEVEL_RANGE.max)) {
      take(engine.reportOutOfRange(ids[gauge[k]], 'water_level', wl, ts));
      continue;
    }
    const reading: Reading = { sensorId: ids[gauge[k]], kind: 'flood', ts, values: { water_level: wl } };
    take(engine.observe(reading));
    onObserved?.(gauge[k], index[k], engine);
  }
  // No ticks past the last reading: every gauge would be called silent.
  return { alerts: [...byId.values()], readings: gauge.length };
}
