import { isOpen, type Alert, type AlertEvent, type Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { PantauError } from '../../src/lib/core/errors';
import type { CatalogDiff } from '../catalog-diff';
import { NO_MOVES, type SensorMoves } from '../handover';
import type { Forecast } from '../../src/lib/core/forecast';
import type { LiveReading, Reading } from '../../src/lib/core/reading';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { ALERT_POLICY_DEFAULTS, createAlertPolicy, type AlertPolicyOptions } from './alert-policy';
import { BYTES_PER_OBJECT, quietFinding } from './finding';
import { createDetectors } from './index';
import { createLiveReading } from '../../src/lib/core/live-reading';
import { createRangeFinding } from './sensor-faults';
import { createSiblingAlerts } from './sibling-alerts';
import { createRiverForecaster, forecastGaugesFromCatalog, type GaugeTrackStates, type RiverForecaster } from '../forecast/index';
import type { RuleDetector } from './context';
import { carryDistrust, createSlots, fillSlot, isRepeat, judgeTrust, settleCarriedTrust, orderRules, ruleAffected, SlotContext, upstreamIndex, emptySlot, type SensorSlot } from './slots';
import { intervalMsOf, lagAtFirstTick, lagMsOf, learnArrival, learnGap } from './slot-timing';

export { LEARN_INTERVAL_GAPS } from './slot-timing';

export interface DetectionEngine {
  /** One validated reading → alert events (raised/updated/resolved/escalated); usually none. */
  observe(reading: Reading): AlertEvent[];
  /**
   * The live reading (its state and severity) after it was observed. Separate from
   * observe so the ingest builds it only for the reading that leaves in a live batch: with many
   * readings per sensor per batch, building it for each cost more than some rules.
   */
  live(reading: Reading): LiveReading;
  /** Clock tick (every few seconds): silence, auto-resolve after quiet period, escalation. */
  tick(now: number): AlertEvent[];
  /**
   * Events from elsewhere (people's acknowledge/resolve in the web, other workers, or rebuilt from InfluxDB at start). Returns events to publish when a restored alert met one raised here meanwhile
   * (folded into the first raised: alert-fold.ts); usually none.
   */
  applyExternal(event: AlertEvent): AlertEvent[];
  /** A reading ingest refused as outside the field's physical range: a maintenance alert for the sensor. */
  reportOutOfRange(sensorId: string, field: string, value: number, now: number): AlertEvent[];
  openAlerts(): Alert[];
  /**
   * The latest river forecast of a flood gauge (+30/+60/+120 min with a band and the Siaga
   * crossing), null when it has none yet or is not a flood gauge with thresholds.
   */
  forecast(sensorId: string): Forecast | null;
  /**
   * Readings from before this process started (InfluxDB, at ingest start), in time order: fed to
   * the river forecaster only, so a restart does not leave every gauge cold. The rules never see
   * them: an alert for the past would be noise, and the restored alerts already say what is open.
   * Returns how many reached a flood gauge's forecaster.
   */
  warmForecasts(readings: Iterable<Reading>): number;
  /** The forecaster's track records of its gauges, to store (ingest/forecast/track-record.ts). */
  forecastTrackStates(): GaugeTrackStates[];
  /** Stored track records back into the forecaster (at start, before the warm-up); how many horizons took one. */
  restoreForecastTrackStates(states: readonly GaugeTrackStates[], nowMs: number): number;
  /**
   * Applies a registry version (the catalog this engine now runs, and its diff from the one before):
   * see applyCatalog below. Returns the `resolved` events of removed sensors' open alerts and the
   * `updated` ones of renamed or moved sensors'. `moves`: the removed and added sensors that only
   * changed worker (handover.ts), whose open alerts go with them.
   */
  applyCatalog(diff: CatalogDiff, catalog: Catalog, now: number, moves?: SensorMoves): AlertEvent[];
  /** Sensors holding state (the catalog's). */
  sensorCount(): number;
  /** Rough bytes of state per sensor (for the benchmark). */
  stateBytesPerSensor(): number;
}

export interface DetectionEngineOptions {
  catalog: Catalog;
  /** Rules to run, name → detector; defaults to every rule in index.ts. */
  detectors?: Record<string, Detector | RuleDetector>;
  policy?: Partial<AlertPolicyOptions>;
  /** A river forecaster over the catalog's flood gauges; by default one is made from the catalog. */
  forecaster?: RiverForecaster;
}

/** Returned when a reading makes no alert events (nearly always): callers only read it. */
const NO_EVENTS: AlertEvent[] = Object.freeze([]) as unknown as AlertEvent[];

const PER_POLICY_ENTRY_BYTES = 4 * BYTES_PER_OBJECT;

function append(events: AlertEvent[], more: AlertEvent[]): AlertEvent[] {
  if (more.length === 0) return events;
  if (events === NO_EVENTS) return more.slice();
  for (const e of more) events.push(e);
  return events;
}

/**
 * A forecast as it is shown beside the gauge's readings: on the datum they are read on. The forecaster works on the
 * datum of the Siaga levels (less a suspected datum step: slots.ts `datum`), and its crossings stay as it made them.
 */
function onReadDatum(f: Forecast | null, datumCm: number): Forecast | null {
  if (f === null || datumCm === 0) return f;
  const points = f.points.map((p) => ({ ...p, levelCm: p.levelCm + datumCm, lowCm: p.lowCm + datumCm, highCm: p.highCm + datumCm }));
  return { ...f, levelCm: f.levelCm + datumCm, points };
}

export function createDetectionEngine(opts: DetectionEngineOptions): DetectionEngine {
  // Mutable: the policy looks sensors up here, and a registry version changes them (applyCatalog).
  const sensors = new Map(opts.catalog.sensors.map((s) => [s.id, s]));
  const forecaster = opts.forecaster ?? createRiverForecaster(forecastGaugesFromCatalog(opts.catalog));
  const rules = orderRules(opts.detectors ?? (createDetectors(opts.catalog) as Record<string, RuleDetector>));
  const slots = createSlots(opts.catalog, rules, forecaster);
  const policy = createAlertPolicy(
    sensors,
    opts.policy,
    (sensor) => {
      const slot = slots.get(sensor.id);
      return slot ? intervalMsOf(slot) : sensor.intervalS * 1000;
    },
    (sensor) => {
      const slot = slots.get(sensor.id);
      return slot ? lagMsOf(slot, clock) : 0;
    },
    () => clock,
    (sensor) => slots.get(sensor.id)?.distrust ?? null
  );
  /** The latest tick's time: the clock readings arrive on (NaN before the first tick). */
  let clock = NaN;
  // Other workers' open alerts, for the sensors a registry version hands to this one.
  const siblings = createSiblingAlerts();
  const by = opts.policy?.by ?? ALERT_POLICY_DEFAULTS.by;

  // Detectors with a clock (silence), listed once: a tick visits only them, not every rule.
  const tickSlots: SensorSlot[] = [];
  const tickIndex: number[] = [];
  function listTickers(): void {
    [tickSlots.length, tickIndex.length] = [0, 0];
    for (const slot of slots.values()) {
      slot.detectors.forEach((d, i) => {
        if (d.tick) [tickSlots.push(slot), tickIndex.push(i)];
      });
    }
  }
  listTickers();

  /**
   * A registry version while running. Removed sensors lose their state and their open alerts are
   * resolved (no reading can resolve them any more); added ones start fresh; changed ones get new
   * rule states only for the rules the change reaches (slots.ts, RULE_INPUTS), the rest keep theirs,
   * and their open alerts a new name or district (`updated`) when the change renamed or moved them.
   * A sensor handed to another worker leaves its open alerts to it without a word; one handed here
   * takes up the alerts its old worker held, as after a restart.
   */
  function applyCatalog(diff: CatalogDiff, catalog: Catalog, now: number, moves: SensorMoves = NO_MOVES): AlertEvent[] {
    const events: AlertEvent[] = [];
    const left = new Set(moves.left);
    for (const id of diff.removed) {
      if (!slots.delete(id)) continue;
      for (const alert of policy.openAlerts()) {
        if (alert.sensorId !== id) continue;
        if (left.has(id)) {
          siblings.offer({ type: 'raised', at: alert.updatedAt, by, alert });
          continue;
        }
        const event: AlertEvent = { type: 'resolved', at: now, by, alert: { ...alert, state: 'resolved', resolvedAt: now, resolvedBy: by, updatedAt: now } };
        policy.applyExternal(event);
        events.push(event);
      }
      policy.forget(id);
      sensors.delete(id);
    }
    for (const s of diff.added) {
      slots.set(s.id, emptySlot(s));
      sensors.set(s.id, s);
    }
    for (const { sensor } of diff.changed) {
      const slot = slots.get(sensor.id);
      if (slot) slot.sensor = sensor;
      else slots.set(sensor.id, emptySlot(sensor));
      const before = sensors.get(sensor.id)?.name;
      sensors.set(sensor.id, sensor);
      events.push(...policy.relabel(sensor, now, before));
    }
    forecaster.update?.(forecastGaugesFromCatalog(catalog));
    const upstream = upstreamIndex(catalog);
    const context = (slot: SensorSlot) => new SlotContext(slot, slots, upstream.get(slot.sensor.id) ?? [], forecaster);
    for (const s of diff.added) fillSlot(slots.get(s.id)!, rules, context(slots.get(s.id)!));
    for (const id of moves.arrived) for (const alert of siblings.take(id)) events.push(...applyExternal({ type: 'raised', at: alert.updatedAt, by, alert }));
    for (const { sensor, aspects } of diff.changed) {
      const slot = slots.get(sensor.id)!;
      // A new promised interval is a reconfigured sensor: what was learned of the old spacing is stale.
      if (aspects.includes('interval')) [slot.gaps, slot.gapMs] = [0, NaN];
      fillSlot(slot, rules, context(slot), (d) => !ruleAffected(d.rule, aspects));
      // Re-created rules take up their open alerts as after a restart (a renamed frozen sensor's
      // new stuck state had to see it vary first, and its alert closed itself).
      for (const a of policy.openAlerts()) if (a.sensorId === sensor.id) for (const d of slot.detectors) d.resume?.(a);
    }
    listTickers();
    return events;
  }

  function applyExternal(event: AlertEvent): AlertEvent[] {
    if (!sensors.has(event.alert.sensorId)) {
      siblings.offer(event); // another worker's sensor: kept in case a registry version hands it here
      return NO_EVENTS;
    }
    const events = policy.applyExternal(event);
    // an open alert from before (restored at start, or taken over): its rule may take up where it was
    const slot = slots.get(event.alert.sensorId);
    for (const d of slot?.detectors ?? []) d.resume?.(event.alert);
    // held then: its readings are not trusted before one is judged here (slots.ts carryDistrust)
    if (slot && event.alert.heldSince !== undefined && isOpen(event.alert)) carryDistrust(slot, event.alert.heldSince);
    return events;
  }

  /**
   * Routes a finding of detector i unless it is quiet after quiet (see SensorSlot.active). A distrusting rule's finding
   * settles first whether the sensor's readings count (a tick's, silence, dates it from the last reading).
   */
  function offer(slot: SensorSlot, i: number, f: Finding, at: number, events: AlertEvent[]): AlertEvent[] {
    const bit = 1 << i;
    if (f.active) slot.active |= bit;
    else if (slot.active & bit) slot.active &= ~bit;
    else return events;
    if (slot.distrustMask & bit) judgeTrust(slot, slot.lastTs < at ? slot.lastTs : at, f.rule);
    return append(events, policy.onFinding(slot.sensor, f, at));
  }

  /**
   * Feeds a flood gauge's reading to the river forecaster before the rules that read its forecast run, and after the
   * rule that says its datum shift (RuleDetector.shiftsDatum): the forecaster learns the river on one datum, the one
   * the Siaga levels are on (a datum step up of 80 cm was a flood to it for hours, bench:rivers-faults offset-up).
   */
  function forecast(slot: SensorSlot, reading: Reading): void {
    const wl = reading.values.water_level;
    if (wl === undefined || slot.sensor.kind !== 'flood') return;
    // the same value again from a gauge a fault rule calls frozen: not the river (RuleDetector.holdsForecast)
    const frozen = (slot.active & slot.holdMask) !== 0 && wl === slot.level;
    slot.level = wl;
    if (frozen) return;
    forecaster.observe(slot.sensor.id, reading.ts, wl - slot.datum, reading.values.rainfall);
  }

  return {
    observe(reading) {
      const slot = slots.get(reading.sensorId);
      if (!slot) throw new PantauError('UNKNOWN_SENSOR', `sensor ${reading.sensorId} is not in the catalog`);
      if (isRepeat(slot, reading.ts, reading.values)) return NO_EVENTS;
      let events = NO_EVENTS;
      // a reading the ingest took: no longer one it refused (the rules that distrust readings judge this one)
      if (slot.refused) {
        slot.refused = false;
        judgeTrust(slot, reading.ts, 'sensor_range');
      }
      if (!(reading.ts < slot.lastTs)) slot.lastValues = reading.values;
      learnArrival(slot, clock, reading.ts);
      learnGap(slot, reading.ts);
      if (slot.datumAt < 0) forecast(slot, reading);
      const detectors = slot.detectors;
      for (let i = 0; i < detectors.length; i++) {
        let f = detectors[i].observe(reading);
        if (i === slot.datumAt) {
          slot.datum = detectors[i].datumShift?.() ?? 0;
          forecast(slot, reading);
        }
        if (f === null) continue;
        if (f.active) {
          if (slot.rejects[i]) slot.rejectedAt = reading.ts;
          else if (reading.ts - slot.rejectedAt < slot.gateMs[i]) f = quietFinding(f.rule, f.category);
        }
        events = offer(slot, i, f, reading.ts, events);
      }
      settleCarriedTrust(slot);
      return events;
    },
    live(reading) {
      const slot = slots.get(reading.sensorId);
      if (!slot) throw new PantauError('UNKNOWN_SENSOR', `sensor ${reading.sensorId} is not in the catalog`);
      // Asked of the rule here, only for readings that go out live (not per reading), and not read
      // from its finding: a gated finding is a blank quiet one (value 0).
      const hourly = slot.liveIndexAt < 0 ? null : slot.detectors[slot.liveIndexAt].liveIndex?.();
      return createLiveReading(slot.sensor, reading, hourly ?? undefined);
    },
    tick(now) {
      // Readings seen before the first tick arrived at it: their lag is known from here.
      if (Number.isNaN(clock)) for (const slot of slots.values()) lagAtFirstTick(slot, now);
      if (!(now <= clock)) clock = now;
      let events = NO_EVENTS;
      for (let k = 0; k < tickSlots.length; k++) {
        const slot = tickSlots[k];
        const f = slot.detectors[tickIndex[k]].tick!(now);
        // on the sensor's time, as its readings' findings are (the policy ages both alike)
        if (f) events = offer(slot, tickIndex[k], f, now - lagMsOf(slot, now), events);
      }
      return append(events, policy.tick(now));
    },
    applyExternal,
    applyCatalog,
    sensorCount: () => slots.size,
    reportOutOfRange(sensorId, field, value, now) {
      const sensor = sensors.get(sensorId);
      const slot = slots.get(sensorId);
      if (!sensor || !slot) return [];
      // a refused reading is no reading of the world: the sensor's readings are distrusted until one is taken again
      slot.refused = true;
      judgeTrust(slot, now, 'sensor_range');
      return policy.onFinding(sensor, createRangeFinding(sensor, field, value), now);
    },
    openAlerts: () => policy.openAlerts(),
    forecast: (sensorId) => onReadDatum(forecaster.latest(sensorId), slots.get(sensorId)?.datum ?? 0),
    warmForecasts(readings) {
      let fed = 0;
      for (const reading of readings) {
        const slot = slots.get(reading.sensorId);
        if (!slot || slot.sensor.kind !== 'flood' || reading.values.water_level === undefined) continue;
        forecast(slot, reading);
        fed++;
      }
      return fed;
    },
    forecastTrackStates: () => forecaster.trackStates?.() ?? [],
    restoreForecastTrackStates: (states, nowMs) => forecaster.restoreTrackStates?.(states, nowMs) ?? 0,
    stateBytesPerSensor() {
      if (slots.size === 0) return 0;
      let bytes = forecaster.stateBytes();
      for (const slot of slots.values()) {
        // The slot, its detector array and gates, its context, the catalog map's entry, and the last reading's values.
        bytes += BYTES_PER_OBJECT + 14 * 8 + 3 * (BYTES_PER_OBJECT + 8 * slot.detectors.length) + 4 * BYTES_PER_OBJECT + 3 * 8;
        for (const d of slot.detectors) bytes += d.stateBytes?.() ?? BYTES_PER_OBJECT;
      }
      bytes += 16 * tickSlots.length;
      bytes += policy.size() * PER_POLICY_ENTRY_BYTES;
      return Math.round(bytes / slots.size);
    }
  };
}
