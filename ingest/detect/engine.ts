import type { AlertEvent, Alert } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { PantauError } from '../../src/lib/core/errors';
import type { CatalogDiff } from '../catalog-diff';
import type { SensorMoves } from '../handover';
import type { Forecast } from '../../src/lib/core/forecast';
import type { LiveReading, Reading } from '../../src/lib/core/reading';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { ALERT_POLICY_DEFAULTS, createAlertPolicy, type AlertPolicy, type AlertPolicyOptions } from './alert-policy';
import { applyCatalogVersion, applyExternalEvent, type EngineParts } from './engine-external';
import { onReadDatum, warmForecaster } from './engine-forecast';
import { append, NO_EVENTS, observeSlot, offerFinding } from './engine-observe';
import { BYTES_PER_OBJECT } from './finding';
import { createDetectors } from './index';
import { createLiveReading } from '../../src/lib/core/live-reading';
import { createRangeFinding } from './sensor-faults';
import { createSiblingAlerts } from './sibling-alerts';
import { createRiverForecaster, forecastGaugesFromCatalog, type GaugeTrackStates, type RiverForecaster } from '../forecast/index';
import type { RuleDetector } from './context';
import { createSlots, judgeTrust, orderRules, type SensorSlot } from './slots';
import { intervalMsOf, lagAtFirstTick, lagMsOf } from './slot-timing';

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

const PER_POLICY_ENTRY_BYTES = 4 * BYTES_PER_OBJECT;

/** The alert policy over the engine's slots: each sensor's interval, lag and trust as its slot learnt them. */
function createSlotPolicy(sensors: ReadonlyMap<string, Sensor>, slots: ReadonlyMap<string, SensorSlot>, options: Partial<AlertPolicyOptions> | undefined, clockOf: () => number): AlertPolicy {
  return createAlertPolicy(
    sensors,
    options,
    (sensor) => {
      const slot = slots.get(sensor.id);
      return slot ? intervalMsOf(slot) : sensor.intervalS * 1000;
    },
    (sensor) => {
      const slot = slots.get(sensor.id);
      return slot ? lagMsOf(slot, clockOf()) : 0;
    },
    clockOf,
    (sensor) => slots.get(sensor.id)?.distrust ?? null
  );
}

function slotOf(slots: ReadonlyMap<string, SensorSlot>, sensorId: string): SensorSlot {
  const slot = slots.get(sensorId);
  if (!slot) throw new PantauError('UNKNOWN_SENSOR', `sensor ${sensorId} is not in the catalog`);
  return slot;
}

/** Detectors with a clock (silence), listed once: a tick visits only them, not every rule. */
interface Tickers {
  slots: SensorSlot[];
  index: number[];
}

function listTickers(t: Tickers, slots: ReadonlyMap<string, SensorSlot>): void {
  [t.slots.length, t.index.length] = [0, 0];
  for (const slot of slots.values()) {
    slot.detectors.forEach((d, i) => {
      if (d.tick) [t.slots.push(slot), t.index.push(i)];
    });
  }
}

function tickRules(t: Tickers, now: number, policy: AlertPolicy): AlertEvent[] {
  let events = NO_EVENTS;
  for (let k = 0; k < t.slots.length; k++) {
    const slot = t.slots[k];
    const f = slot.detectors[t.index[k]].tick!(now);
    // on the sensor's time, as its readings' findings are (the policy ages both alike)
    if (f) events = offerFinding(policy, slot, t.index[k], f, now - lagMsOf(slot, now), events);
  }
  return append(events, policy.tick(now));
}

function stateBytesPerSensor(slots: ReadonlyMap<string, SensorSlot>, forecaster: RiverForecaster, tickers: Tickers, policy: AlertPolicy): number {
  if (slots.size === 0) return 0;
  let bytes = forecaster.stateBytes();
  for (const slot of slots.values()) {
    // The slot, its detector array and gates, its context, the catalog map's entry, and the last reading's values.
    bytes += BYTES_PER_OBJECT + 14 * 8 + 3 * (BYTES_PER_OBJECT + 8 * slot.detectors.length) + 4 * BYTES_PER_OBJECT + 3 * 8;
    for (const d of slot.detectors) bytes += d.stateBytes?.() ?? BYTES_PER_OBJECT;
  }
  bytes += 16 * tickers.slots.length;
  bytes += policy.size() * PER_POLICY_ENTRY_BYTES;
  return Math.round(bytes / slots.size);
}

export function createDetectionEngine(opts: DetectionEngineOptions): DetectionEngine {
  // Mutable: the policy looks sensors up here, and a registry version changes them (applyCatalog).
  const sensors = new Map(opts.catalog.sensors.map((s) => [s.id, s]));
  const forecaster = opts.forecaster ?? createRiverForecaster(forecastGaugesFromCatalog(opts.catalog));
  const rules = orderRules(opts.detectors ?? (createDetectors(opts.catalog) as Record<string, RuleDetector>));
  const slots = createSlots(opts.catalog, rules, forecaster);
  /** The latest tick's time: the clock readings arrive on (NaN before the first tick). */
  let clock = NaN;
  const policy = createSlotPolicy(sensors, slots, opts.policy, () => clock);
  const by = opts.policy?.by ?? ALERT_POLICY_DEFAULTS.by;
  const parts: EngineParts = { sensors, slots, rules, forecaster, policy, siblings: createSiblingAlerts(), by };
  const tickers: Tickers = { slots: [], index: [] };
  listTickers(tickers, slots);

  return {
    observe: (reading) => observeSlot(slotOf(slots, reading.sensorId), reading, clock, forecaster, policy),
    live(reading) {
      const slot = slotOf(slots, reading.sensorId);
      // Asked of the rule here, only for readings that go out live (not per reading), and not read
      // from its finding: a gated finding is a blank quiet one (value 0).
      const hourly = slot.liveIndexAt < 0 ? null : slot.detectors[slot.liveIndexAt].liveIndex?.();
      return createLiveReading(slot.sensor, reading, hourly ?? undefined);
    },
    tick(now) {
      // Readings seen before the first tick arrived at it: their lag is known from here.
      if (Number.isNaN(clock)) for (const slot of slots.values()) lagAtFirstTick(slot, now);
      if (!(now <= clock)) clock = now;
      return tickRules(tickers, now, policy);
    },
    applyExternal: (event) => applyExternalEvent(parts, event),
    applyCatalog(diff, catalog, now, moves) {
      const events = applyCatalogVersion(parts, diff, catalog, now, moves);
      listTickers(tickers, slots);
      return events;
    },
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
    warmForecasts: (readings) => warmForecaster(forecaster, slots, readings),
    forecastTrackStates: () => forecaster.trackStates?.() ?? [],
    restoreForecastTrackStates: (states, nowMs) => forecaster.restoreTrackStates?.(states, nowMs) ?? 0,
    stateBytesPerSensor: () => stateBytesPerSensor(slots, forecaster, tickers, policy)
  };
}
