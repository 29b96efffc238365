/**
 * Scoring of alerts against simulator ground truth. Pure: lists in, figures out, so that the
 * rules of the game (what counts as a match, which window) are unit-tested on tiny hand-made lists.
 */
import type { AlertCategory, AlertRule } from '../../src/lib/core/alert';
import type { TruthEvent } from '../../simulators/scenario-player';
import type { AlertRecord } from '../lib/alert-record';

export type { AlertRecord };

export type TruthType = TruthEvent['type'];

/** Which rules may answer which kind of truth event. */
export const RULES_BY_TYPE: Readonly<Record<TruthType, readonly AlertRule[]>> = Object.freeze({
  'level-rise': ['flood_level', 'rate_of_rise', 'upstream_warning'],
  haze: ['air_quality'],
  incident: ['congestion'],
  stuck: ['sensor_stuck'],
  spike: ['sensor_spike'],
  silent: ['sensor_silent'],
  range: ['sensor_range']
});

export const FAULT_TYPES: ReadonlySet<TruthType> = new Set(['stuck', 'spike', 'silent', 'range']);

/** Gauge → the gauges directly upstream of it (the catalog stores the other direction). */
export type UpstreamIndex = ReadonlyMap<string, readonly string[]>;

export interface MatchWindow {
  /** An alert raised this long before the truth starts still answers it (brief: 10 min). */
  earlyMs: number;
  /**
   * Recall also takes an alert raised this long after the truth ended. The harness passes one
   * reading interval: a spike's truth lasts one reading, and only the reading after it can show
   * that the value came back (the brief's window, start − 10 min … end, is settleMs = 0).
   */
  settleMs: number;
  /** For precision only: an alert raised this long after the truth ended is late, but not false. */
  lateMs: number;
}

export const DEFAULT_WINDOW: Readonly<MatchWindow> = Object.freeze({ earlyMs: 10 * 60_000, settleMs: 0, lateMs: 30 * 60_000 });

/** One window for all truth, or one per truth event (a storm's flood and a glitch's spike share a slot). */
export type WindowFor = MatchWindow | ((truth: TruthEvent) => MatchWindow);

function windowOf(w: WindowFor, truth: TruthEvent): MatchWindow {
  return typeof w === 'function' ? w(truth) : w;
}

export function createUpstreamIndex(sensors: readonly { id: string; downstream?: readonly string[] }[]): UpstreamIndex {
  const up = new Map<string, string[]>();
  for (const s of sensors) {
    for (const d of s.downstream ?? []) {
      const list = up.get(d) ?? [];
      list.push(s.id);
      up.set(d, list);
    }
  }
  return up;
}

/** Same sensor, or an upstream warning on a gauge downstream of the truth's gauge; and a fitting rule. */
export function fitsTruth(truth: TruthEvent, alert: AlertRecord, upstream: UpstreamIndex): boolean {
  if (!RULES_BY_TYPE[truth.type].includes(alert.rule)) return false;
  if (alert.sensorId === truth.sensorId) return true;
  return alert.rule === 'upstream_warning' && (upstream.get(alert.sensorId) ?? []).includes(truth.sensorId);
}

/** Recall: the alert is raised between start − earlyMs and end + settleMs. */
export function answersTruth(truth: TruthEvent, alert: AlertRecord, upstream: UpstreamIndex, w: MatchWindow = DEFAULT_WINDOW): boolean {
  return fitsTruth(truth, alert, upstream) && alert.raisedAt >= truth.start - w.earlyMs && alert.raisedAt <= truth.end + w.settleMs;
}

/** Precision: like answersTruth, but a late alert (up to lateMs after the end) is explained too. */
export function explainedBy(truth: TruthEvent, alert: AlertRecord, upstream: UpstreamIndex, w: MatchWindow = DEFAULT_WINDOW): boolean {
  return fitsTruth(truth, alert, upstream) && alert.raisedAt >= truth.start - w.earlyMs && alert.raisedAt <= truth.end + w.lateMs;
}

export interface RecallByType {
  type: TruthType;
  found: number;
  total: number;
  missed: TruthEvent[];
}

export function scoreRecall(truth: readonly TruthEvent[], alerts: readonly AlertRecord[], upstream: UpstreamIndex, w: WindowFor = DEFAULT_WINDOW): RecallByType[] {
  const byType = new Map<TruthType, RecallByType>();
  for (const t of truth) {
    let r = byType.get(t.type);
    if (!r) byType.set(t.type, (r = { type: t.type, found: 0, total: 0, missed: [] }));
    r.total++;
    if (alerts.some((a) => answersTruth(t, a, upstream, windowOf(w, t)))) r.found++;
    else r.missed.push(t);
  }
  return [...byType.values()];
}

export interface Precision {
  explained: number;
  total: number;
  unexplained: AlertRecord[];
}

/** Alerts raised in [from, to] that some truth event explains, over all alerts raised in [from, to]. */
export function scorePrecision(
  truth: readonly TruthEvent[],
  alerts: readonly AlertRecord[],
  upstream: UpstreamIndex,
  during: { from: number; to: number },
  w: WindowFor = DEFAULT_WINDOW
): Precision {
  const raised = alerts.filter((a) => a.raisedAt >= during.from && a.raisedAt <= during.to);
  const unexplained = raised.filter((a) => !truth.some((t) => explainedBy(t, a, upstream, windowOf(w, t))));
  return { explained: raised.length - unexplained.length, total: raised.length, unexplained };
}

export interface FalseAlertRate {
  total: number;
  sensorDays: number;
  perSensorWeek: number;
  byCategory: Record<AlertCategory, number>;
  /** `rule/category` → count, most frequent first. */
  byRule: [string, number][];
}

/** Every alert in a quiet baseline is false; rates per sensor-week (7 sensor-days). */
export function countFalseAlerts(alerts: readonly AlertRecord[], sensorDays: number): FalseAlertRate {
  const byCategory: Record<AlertCategory, number> = { emergency: 0, maintenance: 0 };
  const byRule = new Map<string, number>();
  for (const a of alerts) {
    byCategory[a.category]++;
    const key = `${a.rule}/${a.category}`;
    byRule.set(key, (byRule.get(key) ?? 0) + 1);
  }
  return {
    total: alerts.length,
    sensorDays,
    perSensorWeek: sensorDays > 0 ? (alerts.length * 7) / sensorDays : 0,
    byCategory,
    byRule: [...byRule.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  };
}

export interface FloodLead {
  sensorId: string;
  siaga2At: number;
  /** First flood-related alert answering the gauge's truth; null when none came. */
  firstAlertAt: number | null;
  firstRule: AlertRule | null;
  /** Minutes from that alert to Siaga 2 (negative: the alert came after); null when no alert. */
  leadMin: number | null;
}

/** For each flood truth whose gauge reached Siaga 2 (in the readings), how early the first fitting alert came. */
export function floodLeadTimes(
  truth: readonly TruthEvent[],
  alerts: readonly AlertRecord[],
  siaga2At: ReadonlyMap<string, number>,
  upstream: UpstreamIndex,
  windows: WindowFor = DEFAULT_WINDOW
): FloodLead[] {
  const out: FloodLead[] = [];
  for (const t of truth) {
    const at = siaga2At.get(t.sensorId);
    if (t.type !== 'level-rise' || at === undefined) continue;
    const w = windowOf(windows, t);
    let first: AlertRecord | null = null;
    for (const a of alerts) {
      if (!fitsTruth(t, a, upstream) || a.raisedAt < t.start - w.earlyMs || a.raisedAt > t.end + w.settleMs) continue;
      if (!first || a.raisedAt < first.raisedAt) first = a;
    }
    out.push({
      sensorId: t.sensorId,
      siaga2At: at,
      firstAlertAt: first?.raisedAt ?? null,
      firstRule: first?.rule ?? null,
      leadMin: first ? (at - first.raisedAt) / 60_000 : null
    });
  }
  return out;
}

/**
 * Emergency alerts on a faulty sensor from earlyMs before its fault to earlyMs after: there must be
 * none. Not lateMs after: in 30 min an ordinary shower can raise a real rate-of-rise alert on the
 * same road gauge (seen with seed 1), which is no fault of the fault.
 */
export function emergenciesOnFaults(truth: readonly TruthEvent[], alerts: readonly AlertRecord[], w: WindowFor = DEFAULT_WINDOW): AlertRecord[] {
  const faults = truth.filter((t) => FAULT_TYPES.has(t.type));
  return alerts.filter(
    (a) => a.category === 'emergency' && faults.some((t) => t.sensorId === a.sensorId && a.raisedAt >= t.start - windowOf(w, t).earlyMs && a.raisedAt <= t.end + windowOf(w, t).earlyMs)
  );
}
