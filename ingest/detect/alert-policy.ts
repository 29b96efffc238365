import { isOpen, SEVERITY_RANK, type Alert, type AlertEvent, type AlertRule, type Finding } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import { alertFromFinding, clearPending, holdAlert, later, newEntry, NONE, type Entry } from './alert-entry';
import { foldEntry } from './alert-fold';
import { mergeHumanFields } from './alert-merge';
import { relabelEntries } from './alert-relabel';
import { ALERT_POLICY_DEFAULTS, autoResolveQuietMs, flapWindowMs, resolveQuietMs, type AlertPolicyOptions } from './alert-policy-options';
import { holdEntry, markUnchecked, releaseEntry, type Distrust } from './alert-hold';
import { FORECAST_REACH_MS } from './alert-unchecked';
import { markQuiet, maybeEscalate, updateAlert, type PolicyView } from './alert-update';

export { mergeHumanFields } from './alert-merge';
export { raiseSeverity } from './alert-entry';
export { ALERT_POLICY_DEFAULTS, MAINTENANCE_RULES, type AlertPolicyOptions } from './alert-policy-options';

export interface AlertPolicy {
  onFinding(sensor: Sensor, finding: Finding, at: number): AlertEvent[];
  tick(now: number): AlertEvent[];
  /**
   * A person's action, or an alert restored from InfluxDB. Usually no events; a restored open alert meeting another open
   * one of its sensor and rule (raised here before a late restore answered) folds the two (alert-fold.ts): the events to publish.
   */
  applyExternal(event: AlertEvent): AlertEvent[];
  openAlerts(): Alert[];
  /** Number of sensor+rule entries held (bounded by catalog size × rules). */
  size(): number;
  /** Drops everything held for a sensor that left the catalog (its alerts are resolved first). */
  forget(sensorId: string): void;
  /**
   * A registry version changed the sensor: it is held from now on, and its open alerts take a new
   * name or district (`updated`), as do other sensors' open alerts that name it (`oldName`: its name before).
   */
  relabel(sensor: Sensor, at: number, oldName?: string): AlertEvent[];
}

/** The sensor's reporting interval in ms: the catalog's promise unless the engine learned better. */
export type IntervalOf = (sensor: Sensor) => number;
const CATALOG_INTERVAL: IntervalOf = (sensor) => sensor.intervalS * 1000;
/** How far the sensor's newest reading lags the clock tick passes (ms): its readings' times are its own. */
export type LagOf = (sensor: Sensor) => number;
const NO_LAG: LagOf = () => 0;
/** The engine's clock (its latest tick; NaN before one): news is stamped on it. */
export type ClockOf = () => number;
const NO_CLOCK: ClockOf = () => NaN;
/** Since when the sensor's readings are distrusted (alert-hold.ts); null while they are trusted. */
export type DistrustOf = (sensor: Sensor) => Distrust | null;
const TRUSTED: DistrustOf = () => null;

export function createAlertPolicy(sensors: ReadonlyMap<string, Sensor>, options: Partial<AlertPolicyOptions> = {}, intervalOf: IntervalOf = CATALOG_INTERVAL, lagOf: LagOf = NO_LAG, clockOf: ClockOf = NO_CLOCK, distrustOf: DistrustOf = TRUSTED): AlertPolicy {
  const o: AlertPolicyOptions = {
    ...ALERT_POLICY_DEFAULTS,
    ...options,
    minActiveByRule: { ...ALERT_POLICY_DEFAULTS.minActiveByRule, ...options.minActiveByRule },
    escalateAfterMs: { ...ALERT_POLICY_DEFAULTS.escalateAfterMs, ...options.escalateAfterMs }
  };
  const entries = new Map<string, Map<AlertRule, Entry>>();
  /** Entries with an open alert or a pending finding: the only ones tick needs to visit. */
  const hot = new Set<Entry>();
  let count = 0;

  function entryOf(sensor: Sensor, rule: AlertRule): Entry {
    let bySensor = entries.get(sensor.id);
    if (!bySensor) entries.set(sensor.id, (bySensor = new Map()));
    let e = bySensor.get(rule);
    if (!e) {
      bySensor.set(rule, (e = newEntry(sensor, rule)));
      count++;
    }
    return e;
  }

  function minActive(f: Finding): number {
    if (f.rule === 'flood_level' && f.level >= o.immediateFloodLevel) return 0;
    return o.minActiveByRule[f.rule] ?? o.minActiveMs;
  }

  /** Whether a pending finding has held long enough, over enough readings, to raise. */
  function heldLongEnough(e: Entry, f: Finding, at: number): boolean {
    const ms = minActive(f);
    return ms === 0 || (at - e.pendingSince! >= ms && e.pendingCount >= o.minActiveReadings);
  }

  const flapWindow = (e: Entry) => flapWindowMs(o, e.rule, intervalOf(e.sensor));
  const resolveQuiet = (e: Entry) => resolveQuietMs(o, e.rule, intervalOf(e.sensor));
  const autoResolveQuiet = (e: Entry) => autoResolveQuietMs(o, e.rule, intervalOf(e.sensor));
  const faultHold = new Set(o.faultHoldRules);
  const view: PolicyView = { o, flapHold: new Set(o.flapHoldRules), intervalOf, clockOf };
  /** The distrust that holds a rule's alerts of the sensor now (alert-hold.ts); null when its readings count. */
  const holding = (sensor: Sensor, rule: AlertRule) => (faultHold.has(rule) ? distrustOf(sensor) : null);
  const unchecked = new Set(o.uncheckedRules);
  function hold(e: Entry, d: Distrust, at: number): AlertEvent[] {
    const events = holdEntry(e, d, at, o.by);
    if (!e.alert) hot.delete(e); // nothing open, nothing pending: no tick needed
    if (!unchecked.has(e.rule)) return events;
    const afterMs = Math.max(FORECAST_REACH_MS, o.uncheckedAfterIntervals * intervalOf(e.sensor));
    const told = markUnchecked(e, d, at, afterMs, o.by);
    return told.length === 0 ? events : [...events, ...told];
  }

  function raise(e: Entry, f: Finding, at: number): AlertEvent {
    const alert = alertFromFinding(e.sensor, f, at);
    holdAlert(e, alert);
    clearPending(e);
    e.raises.push(at);
    if (e.raises.length > o.flapMaxRaises) e.raises.shift();
    hot.add(e);
    e.told = { expectedAt: f.expectedAt, at };
    return { type: 'raised', at, by: o.by, alert };
  }

  /**
   * A person resolving an alert whose condition still holds says it is handled: the same condition waits a quiet
   * period before it raises again. Worse than they saw (Siaga 3 resolved, now Siaga 2) is news and raises at once.
   */
  function worseThanResolved(e: Entry, f: Finding): boolean {
    return f.level > e.suppressedLevel || SEVERITY_RANK[f.severity] > e.suppressedRank;
  }

  function isFlapping(e: Entry, at: number): boolean {
    return e.raises.length >= o.flapMaxRaises && e.raises[0] > at - flapWindow(e);
  }

  function maybeResolve(e: Entry, at: number): AlertEvent[] {
    const a = e.alert;
    if (!a) return NONE;
    // Adopted from outside (e.g. rebuilt at start): the quiet period starts when we first look.
    if (Number.isNaN(e.lastActiveAt)) e.lastActiveAt = at;
    if (at - e.lastActiveAt < autoResolveQuiet(e) || isFlapping(e, at)) return NONE;
    const next: Alert = { ...a, state: 'resolved', resolvedAt: at, resolvedBy: o.by, updatedAt: later(a, at) };
    e.alert = null;
    e.lastClosedId = a.id;
    if (e.pendingSince === null) hot.delete(e);
    return [{ type: 'resolved', at: next.updatedAt, by: o.by, alert: next }];
  }

  /** A finding: held while its sensor's readings are distrusted (faultHoldRules), else judged (a held alert released first). */
  function onFinding(sensor: Sensor, f: Finding, at: number): AlertEvent[] {
    const e = entries.get(sensor.id)?.get(f.rule);
    const d = holding(sensor, f.rule);
    if (d) return e ? hold(e, d, at) : NONE;
    const released = releaseEntry(e, at, o.by);
    const events = judge(sensor, f, at);
    // the events carry the released alert; without any, the release is told alone
    return events.length === 0 ? released : events;
  }

  function judge(sensor: Sensor, f: Finding, at: number): AlertEvent[] {
    if (!f.active) {
      const e = entries.get(sensor.id)?.get(f.rule);
      if (!e) return NONE;
      clearPending(e);
      if (!e.alert) hot.delete(e);
      const resolved = maybeResolve(e, at);
      return resolved.length > 0 ? resolved : markQuiet(e, at, view);
    }
    if (f.keepsOnly && !entries.get(sensor.id)?.get(f.rule)?.alert) return NONE; // no evidence of the condition now
    const e = entryOf(sensor, f.rule);
    e.lastActiveAt = Number.isNaN(e.lastActiveAt) ? at : Math.max(e.lastActiveAt, at);
    e.lastFinding = f;
    if (e.alert) return updateAlert(e, f, at, view);
    if (at < e.suppressUntil && !worseThanResolved(e, f)) return NONE;
    if (e.pendingSince === null) {
      e.pendingSince = at;
      e.pendingCount = 0;
      hot.add(e);
    }
    e.pendingCount++;
    return heldLongEnough(e, f, at) ? [raise(e, f, at)] : [];
  }

  function tick(clock: number): AlertEvent[] {
    const out: AlertEvent[] = [];
    for (const e of [...hot]) {
      // Findings carry their readings' times: age them on the sensor's own time, or a sensor whose
      // readings arrive minutes behind the clock has its alerts resolved before its next reading.
      const now = clock - lagOf(e.sensor);
      // readings that cannot be trusted run out no quiet period and raise nothing (alert-hold.ts)
      const d = holding(e.sensor, e.rule);
      if (d) out.push(...hold(e, d, now));
      if (e.alert) {
        if (!d) out.push(...releaseEntry(e, now, o.by), ...maybeResolve(e, now));
        out.push(...maybeEscalate(e, now, view));
      } else if (d) continue;
      else if (e.pendingSince !== null && e.lastFinding) {
        // A sensor late with its next reading: no contrary reading counts as still active, once
        // the reading is overdue by half an interval (not at once: it would raise on one reading).
        if (now - e.lastActiveAt >= resolveQuiet(e)) {
          clearPending(e);
          hot.delete(e);
        } else if (now - e.pendingSince >= minActive(e.lastFinding) && now - e.lastActiveAt >= 1.5 * intervalOf(e.sensor) && (now >= e.suppressUntil || worseThanResolved(e, e.lastFinding))) {
          out.push(raise(e, e.lastFinding, now));
        }
      } else hot.delete(e);
    }
    return out;
  }

  function applyExternal(event: AlertEvent): AlertEvent[] {
    const a = event.alert;
    const sensor = sensors.get(a.sensorId);
    if (!sensor) return NONE; // not ours: never grow state for unknown sensors
    const e = entryOf(sensor, a.rule);
    const cur = e.alert;
    if (!isOpen(a)) {
      if (!cur || cur.id !== a.id) return NONE;
      e.alert = null;
      e.lastClosedId = a.id;
      clearPending(e);
      hot.delete(e);
      if (event.by !== o.by) {
        e.suppressUntil = Math.max(e.suppressUntil, event.at + resolveQuiet(e));
        e.suppressedLevel = Math.max(cur.level, cur.peakLevel ?? 0);
        e.suppressedRank = Math.max(SEVERITY_RANK[cur.severity], cur.peakSeverity ? SEVERITY_RANK[cur.peakSeverity] : 0);
      }
      return NONE;
    }
    if (a.id === e.lastClosedId) return NONE; // a late echo of an alert already closed (or folded)
    if (!cur) {
      holdAlert(e, { ...a });
      e.lastActiveAt = NaN;
      hot.add(e);
      return NONE;
    }
    if (cur.id !== a.id) return foldEntry(e, cur, a, event.at, view);
    e.alert = mergeHumanFields(cur, a);
    return NONE;
  }

  return {
    onFinding,
    tick,
    applyExternal,
    openAlerts: () => [...hot].flatMap((e) => (e.alert ? [e.alert] : [])),
    size: () => count,
    forget(sensorId) {
      const bySensor = entries.get(sensorId);
      if (!bySensor) return;
      for (const e of bySensor.values()) hot.delete(e);
      count -= bySensor.size;
      entries.delete(sensorId);
    },
    relabel: (sensor, at, oldName) => relabelEntries(entries.get(sensor.id)?.values() ?? [], hot, sensors, { sensor, at, oldName, by: o.by })
  };
}
