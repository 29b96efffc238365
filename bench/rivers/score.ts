/**
 * What bench:rivers measures, from a river's readings and the alerts the engine raised on them.
 *
 * - Crossing: an upward crossing of a gauge's Siaga 3 (warn_cm) after ≥ 6 h below it (the
 *   definition of ../shared/forecast/score.py: missing readings do not end a below period).
 * - Warning alerts: emergency alerts of the crossing gauge by a forecasting rule (WARNING_RULES),
 *   merged into warning spells while one is raised less than EPISODE_GAP_MS after the spell's
 *   last resolution (so an alert that resolves and re-raises every reading still counts from its
 *   first raise). The lead of a crossing at c is min(c − start, 3 h) of the spell that started at
 *   or before c and was still open at c − 30 min (one that ended earlier warned of something
 *   else). Warned ≥ 30 min: lead ≥ 30 min; missed: lead 0.
 * - False emergency alert: an emergency alert of severity warning or critical when raised (the
 *   info-level `statistical` hint pages nobody and is counted apart) after which the gauge does
 *   not show at least two readings at or above Siaga 3 within [raisedAt − 10 min, raisedAt + 3 h]
 *   (two, so that one bad reading is no flood). On a gauge without warn_cm every emergency is false.
 *   Rate: per gauge-week over the gauges with warn_cm (the only ones flood rules can run on).
 * - Episodes of a rule on a sensor: its alerts merged while the next is raised less than
 *   EPISODE_GAP_MS after the previous one's condition ended (a responder sees one event; replay.ts
 *   `conditionEndedAt`, else its resolve). Counted from the close,
 *   an episode grew with the rule's hold, and two spikes 3 h apart with clean readings between
 *   were one. Goal: alerts = episodes.
 * - Maintenance alerts per gauge-week over every gauge (span of its readings).
 * - After a spike: emergency alerts raised within two reporting intervals before or one after a
 *   sensor_spike alert of the same gauge and false by the rule above (a reading the fault rules
 *   rejected raised an emergency).
 */
import type { AlertRule } from '../../src/lib/core/alert';
import type { Gauge } from './data';
import type { AlertRecord } from './replay';

export const WARNING_RULES: ReadonlySet<string> = new Set(['flood_forecast', 'rate_of_rise', 'upstream_warning']);
export const CROSSING_BELOW_MS = 6 * 3_600_000;
export const LEAD_CAP_MS = 3 * 3_600_000;
export const WARNED_LEAD_MS = 30 * 60_000;
export const TRUE_WINDOW_BEFORE_MS = 10 * 60_000;
export const TRUE_WINDOW_AFTER_MS = 3 * 3_600_000;
export const EPISODE_GAP_MS = 60 * 60_000;
const WEEK_MS = 7 * 86_400_000;

/** Times of a gauge's Siaga 3 crossings after ≥ 6 h below. */
export function crossings(g: Gauge): number[] {
  if (g.warnCm === null) return [];
  const out: number[] = [];
  let belowSince: number | null = null;
  for (let i = 0; i < g.ts.length; i++) {
    if (g.level[i] < g.warnCm) {
      belowSince ??= g.ts[i];
      continue;
    }
    if (belowSince !== null && g.ts[i] - belowSince >= CROSSING_BELOW_MS) out.push(g.ts[i]);
    belowSince = null;
  }
  return out;
}

/** Warning spells [start, end] of one gauge, in time order (see the header). */
export function spells(warnings: readonly AlertRecord[]): [number, number][] {
  const out: [number, number][] = [];
  for (const a of [...warnings].sort((x, y) => x.raisedAt - y.raisedAt)) {
    const end = a.resolvedAt ?? Infinity;
    const last = out[out.length - 1];
    if (last && a.raisedAt - last[1] < EPISODE_GAP_MS) last[1] = Math.max(last[1], end);
    else out.push([a.raisedAt, end]);
  }
  return out;
}

/** Lead (ms) of a crossing at c by a gauge's warning spells; 0 when none warned. */
export function leadOf(c: number, warningSpells: readonly [number, number][]): number {
  let lead = 0;
  for (const [start, end] of warningSpells) {
    if (start > c || end < c - WARNED_LEAD_MS) continue;
    lead = Math.max(lead, Math.min(c - start, LEAD_CAP_MS));
  }
  return lead;
}

/** Whether the gauge really was at or near Siaga 3 around an emergency alert (see the header). */
export function isTrueEmergency(a: AlertRecord, g: Gauge): boolean {
  if (g.warnCm === null) return false;
  let above = 0;
  for (let i = 0; i < g.ts.length; i++) {
    const t = g.ts[i];
    if (t < a.raisedAt - TRUE_WINDOW_BEFORE_MS) continue;
    if (t > a.raisedAt + TRUE_WINDOW_AFTER_MS) break;
    if (g.level[i] >= g.warnCm && ++above >= 2) return true;
  }
  return false;
}

export function isPagingEmergency(a: AlertRecord): boolean {
  return a.category === 'emergency' && a.severity !== 'info';
}

/** Number of episodes among one sensor's alerts of one rule (see EPISODE_GAP_MS). */
export function episodes(alerts: readonly AlertRecord[]): number {
  const sorted = [...alerts].sort((a, b) => a.raisedAt - b.raisedAt);
  let n = 0;
  let end = -Infinity;
  for (const a of sorted) {
    if (a.raisedAt - end >= EPISODE_GAP_MS) n++;
    end = Math.max(end, a.resolvedAt === undefined ? Infinity : (a.conditionEndedAt ?? a.resolvedAt));
  }
  return n;
}

export interface RiverScore {
  gauges: number;
  gaugeWeeksWarn: number;
  gaugeWeeksAll: number;
  crossings: number;
  warned30: number;
  missed: number;
  leadsMin: number[];
  falseEmergency: number;
  falseByRule: Partial<Record<AlertRule, number>>;
  maintenance: number;
  emergencyAfterSpike: number;
  alertsByRule: Partial<Record<AlertRule, number>>;
  episodesByRule: Partial<Record<AlertRule, number>>;
}

function bump<K extends string>(m: Partial<Record<K, number>>, k: K, by = 1): void {
  m[k] = (m[k] ?? 0) + by;
}

function spanMs(g: Gauge): number {
  return g.ts.length < 2 ? 0 : g.ts[g.ts.length - 1] - g.ts[0];
}

export function scoreRiver(gauges: readonly Gauge[], alerts: readonly AlertRecord[], stepS: number): RiverScore {
  const s: RiverScore = {
    gauges: gauges.length, gaugeWeeksWarn: 0, gaugeWeeksAll: 0, crossings: 0, warned30: 0, missed: 0, leadsMin: [],
    falseEmergency: 0, falseByRule: {}, maintenance: 0, emergencyAfterSpike: 0, alertsByRule: {}, episodesByRule: {}
  };
  const bySensor = new Map<string, AlertRecord[]>();
  for (const a of alerts) {
    const list = bySensor.get(a.sensorId) ?? [];
    list.push(a);
    bySensor.set(a.sensorId, list);
  }
  for (const g of gauges) {
    s.gaugeWeeksAll += spanMs(g) / WEEK_MS;
    if (g.warnCm !== null) s.gaugeWeeksWarn += spanMs(g) / WEEK_MS;
    const mine = bySensor.get(g.id) ?? [];
    const warnings = spells(mine.filter((a) => a.category === 'emergency' && WARNING_RULES.has(a.rule)));
    for (const c of crossings(g)) {
      const lead = leadOf(c, warnings);
      s.crossings++;
      s.leadsMin.push(lead / 60_000);
      if (lead >= WARNED_LEAD_MS) s.warned30++;
      if (lead === 0) s.missed++;
    }
    const spikes = mine.filter((a) => a.rule === 'sensor_spike').map((a) => a.raisedAt);
    const byRule = new Map<AlertRule, AlertRecord[]>();
    for (const a of mine) {
      bump(s.alertsByRule, a.rule);
      byRule.set(a.rule, [...(byRule.get(a.rule) ?? []), a]);
      if (a.category === 'maintenance') s.maintenance++;
      if (!isPagingEmergency(a) || isTrueEmergency(a, g)) continue;
      s.falseEmergency++;
      bump(s.falseByRule, a.rule);
      if (spikes.some((t) => a.raisedAt >= t - 2 * stepS * 1000 && a.raisedAt <= t + stepS * 1000)) s.emergencyAfterSpike++;
    }
    for (const [rule, list] of byRule) bump(s.episodesByRule, rule, episodes(list));
  }
  return s;
}

/** A count per gauge-week, for the table; '–' over none (a split whose gauges have no warn_cm). */
export function perWeek(n: number, weeks: number): string {
  return weeks > 0 ? (n / weeks).toFixed(2) : '–';
}

/** Sums river scores into one. */
export function mergeScores(scores: readonly RiverScore[]): RiverScore {
  const out = scoreRiver([], [], 600);
  for (const s of scores) {
    for (const k of ['gauges', 'gaugeWeeksWarn', 'gaugeWeeksAll', 'crossings', 'warned30', 'missed', 'falseEmergency', 'maintenance', 'emergencyAfterSpike'] as const) out[k] += s[k];
    out.leadsMin.push(...s.leadsMin);
    for (const m of ['falseByRule', 'alertsByRule', 'episodesByRule'] as const) for (const [k, v] of Object.entries(s[m])) bump(out[m], k as AlertRule, v);
  }
  return out;
}
