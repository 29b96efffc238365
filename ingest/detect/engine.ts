import type { Alert, AlertEvent, Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { PantauError } from '../../src/lib/core/errors';
import type { Forecast } from '../../src/lib/core/forecast';
import type { LiveReading, Reading } from '../../src/lib/core/reading';
import { indexSensors, type Catalog, type Sensor } from '../../src/lib/core/sensor';
import { createAlertPolicy, type AlertPolicyOptions } from './alert-policy';
import { BYTES_PER_OBJECT, quietFinding } from './finding';
import { createDetectors } from './index';
import { createLiveReading } from '../../src/lib/core/live-reading';
import { createRangeFinding } from './sensor-faults';
import { createRiverForecaster, forecastGaugesFromCatalog, type RiverForecaster } from '../forecast/index';
import type { DetectorContext, RuleDetector, RuleSensorDetector } from './context';

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
  /** Events from elsewhere (people's acknowledge/resolve in the web, other workers, or rebuilt from InfluxDB at start). */
  applyExternal(event: AlertEvent): void;
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

interface SensorSlot {
  sensor: Sensor;
  /** The sensor's rule states (each finding names its rule), rules that reject readings first. */
  detectors: RuleSensorDetector[];
  /** Per detector: how long after a rejected reading its active findings are ignored (0: never). */
  gateMs: number[];
  /** Per detector: its active findings reject the reading. */
  rejects: boolean[];
  /** Index of the detector whose finding value is the live index (hourly ISPU), or −1. */
  liveIndexAt: number;
  /**
   * Bit i set while detector i's last finding was active. A quiet finding after a quiet one
   * changes nothing in the policy (pending and open alerts are aged by tick), so only the
   * active → quiet transition is passed on: the common reading does no policy work at all.
   */
  active: number;
  /** Time of the last reading, the learned spacing of readings (ms) and how many gaps it has seen. */
  lastTs: number;
  gapMs: number;
  gaps: number;
  /** Latest water level (flood gauges), and when a rule last rejected a reading of this sensor. */
  level: number;
  rejectedAt: number;
}

/** Gaps seen before the learned spacing replaces the catalog's promised interval. */
export const LEARN_INTERVAL_GAPS = 8;
const GAP_ALPHA = 0.1;

/**
 * Learns how often a sensor really reports: an average of the gaps between its readings, each
 * clipped to three times the estimate so that an outage does not stretch it (a sensor that sends
 * less often than it promised would otherwise resolve its alerts between two readings).
 */
function learnGap(slot: SensorSlot, ts: number): void {
  const gap = ts - slot.lastTs;
  if (ts > slot.lastTs || Number.isNaN(slot.lastTs)) slot.lastTs = ts;
  if (!(gap > 0)) return;
  if (slot.gaps === 0) slot.gapMs = gap;
  else slot.gapMs += GAP_ALPHA * (Math.min(gap, 3 * slot.gapMs) - slot.gapMs);
  if (slot.gaps < LEARN_INTERVAL_GAPS) slot.gaps++;
}

function intervalMsOf(slot: SensorSlot): number {
  return slot.gaps >= LEARN_INTERVAL_GAPS ? slot.gapMs : slot.sensor.intervalS * 1000;
}

/** Returned when a reading makes no alert events (nearly always): callers only read it. */
const NO_EVENTS: AlertEvent[] = Object.freeze([]) as unknown as AlertEvent[];
/** Bits of SensorSlot.active: at most this many rules per sensor. */
const MAX_RULES = 30;

const PER_POLICY_ENTRY_BYTES = 4 * BYTES_PER_OBJECT;

function emptySlot(sensor: Sensor): SensorSlot {
  return { sensor, detectors: [], gateMs: [], rejects: [], liveIndexAt: -1, active: 0, lastTs: NaN, gapMs: NaN, gaps: 0, level: NaN, rejectedAt: -Infinity };
}

/** Sensor id → ids of the gauges whose `downstream` lists it (built once: per sensor it would be n²). */
function upstreamIndex(catalog: Catalog): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const s of catalog.sensors) for (const d of s.downstream ?? []) index.set(d, [...(index.get(d) ?? []), s.id]);
  return index;
}

/**
 * A sensor's context (context.ts). A class, not an object of closures: one small object per sensor
 * with its methods on the prototype (at city scale, seven closures per sensor cost ~450 bytes).
 */
class SlotContext implements DetectorContext {
  readonly sensor: Sensor;
  readonly upstream: readonly Sensor[];
  readonly downstream: readonly Sensor[];
  readonly #slot: SensorSlot;
  readonly #slots: Map<string, SensorSlot>;
  readonly #forecaster: RiverForecaster;

  constructor(slot: SensorSlot, slots: Map<string, SensorSlot>, upstreamIds: readonly string[], forecaster: RiverForecaster) {
    const sensor = slot.sensor;
    const linked = (ids: readonly string[]) => ids.flatMap((id) => (slots.get(id)?.sensor.kind === 'flood' && id !== sensor.id ? [slots.get(id)!.sensor] : []));
    [this.sensor, this.#slot, this.#slots, this.#forecaster] = [sensor, slot, slots, forecaster];
    this.upstream = Object.freeze(linked(upstreamIds));
    this.downstream = Object.freeze(linked(sensor.downstream ?? []));
  }

  name(id: string): string {
    return this.#slots.get(id)?.sensor.name ?? id;
  }
  intervalMs(): number {
    return intervalMsOf(this.#slot);
  }
  forecast(): Forecast | null {
    return this.#forecaster.latest(this.sensor.id);
  }
  level(id: string): number {
    return this.#slots.get(id)?.level ?? NaN;
  }
  rejectedAt(): number {
    return this.#slot.rejectedAt;
  }
}

function createSlots(catalog: Catalog, detectors: Record<string, Detector | RuleDetector>, forecaster: RiverForecaster): Map<string, SensorSlot> {
  const slots = new Map<string, SensorSlot>(catalog.sensors.map((s) => [s.id, emptySlot(s)]));
  // Rules that reject readings run first, so that the rules they gate see the verdict of the same reading.
  const rules = (Object.values(detectors) as RuleDetector[]).sort((a, b) => Number(!!b.rejectsReadings) - Number(!!a.rejectsReadings));
  const upstream = upstreamIndex(catalog);
  for (const slot of slots.values()) {
    const context = new SlotContext(slot, slots, upstream.get(slot.sensor.id) ?? [], forecaster);
    for (const d of rules) {
      if (!d.kinds.includes(slot.sensor.kind)) continue;
      const detector = d.create(slot.sensor, context);
      if (!detector) continue;
      slot.detectors.push(detector);
      slot.gateMs.push(d.faultGateMs ?? 0);
      slot.rejects.push(!!d.rejectsReadings);
      if (d.liveIndex) slot.liveIndexAt = slot.detectors.length - 1;
    }
    if (slot.detectors.length > MAX_RULES) throw new PantauError('TOO_MANY_RULES', `sensor ${slot.sensor.id} has ${slot.detectors.length} rules (at most ${MAX_RULES})`);
  }
  return slots;
}

function append(events: AlertEvent[], more: AlertEvent[]): AlertEvent[] {
  if (more.length === 0) return events;
  if (events === NO_EVENTS) return more.slice();
  for (const e of more) events.push(e);
  return events;
}

export function createDetectionEngine(opts: DetectionEngineOptions): DetectionEngine {
  const sensors = indexSensors(opts.catalog);
  const forecaster = opts.forecaster ?? createRiverForecaster(forecastGaugesFromCatalog(opts.catalog));
  const slots = createSlots(opts.catalog, opts.detectors ?? (createDetectors(opts.catalog) as Record<string, RuleDetector>), forecaster);
  const policy = createAlertPolicy(sensors, opts.policy, (sensor) => {
    const slot = slots.get(sensor.id);
    return slot ? intervalMsOf(slot) : sensor.intervalS * 1000;
  });

  // Detectors with a clock (silence), listed once: a tick visits only them, not every rule.
  const tickSlots: SensorSlot[] = [];
  const tickIndex: number[] = [];
  for (const slot of slots.values()) {
    slot.detectors.forEach((d, i) => {
      if (d.tick) [tickSlots.push(slot), tickIndex.push(i)];
    });
  }

  /** Routes a finding of detector i unless it is quiet after quiet (see SensorSlot.active). */
  function offer(slot: SensorSlot, i: number, f: Finding, at: number, events: AlertEvent[]): AlertEvent[] {
    const bit = 1 << i;
    if (f.active) slot.active |= bit;
    else if (slot.active & bit) slot.active &= ~bit;
    else return events;
    return append(events, policy.onFinding(slot.sensor, f, at));
  }

  /** Feeds a flood gauge's reading to the river forecaster before the rules that read its forecast run. */
  function forecast(slot: SensorSlot, reading: Reading): void {
    const wl = reading.values.water_level;
    if (wl === undefined || slot.sensor.kind !== 'flood') return;
    slot.level = wl;
    forecaster.observe(slot.sensor.id, reading.ts, wl, reading.values.rainfall);
  }

  return {
    observe(reading) {
      const slot = slots.get(reading.sensorId);
      if (!slot) throw new PantauError('UNKNOWN_SENSOR', `sensor ${reading.sensorId} is not in the catalog`);
      let events = NO_EVENTS;
      learnGap(slot, reading.ts);
      forecast(slot, reading);
      const detectors = slot.detectors;
      for (let i = 0; i < detectors.length; i++) {
        let f = detectors[i].observe(reading);
        if (f === null) continue;
        if (f.active) {
          if (slot.rejects[i]) slot.rejectedAt = reading.ts;
          else if (reading.ts - slot.rejectedAt < slot.gateMs[i]) f = quietFinding(f.rule, f.category);
        }
        events = offer(slot, i, f, reading.ts, events);
      }
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
      let events = NO_EVENTS;
      for (let k = 0; k < tickSlots.length; k++) {
        const slot = tickSlots[k];
        const f = slot.detectors[tickIndex[k]].tick!(now);
        if (f) events = offer(slot, tickIndex[k], f, now, events);
      }
      return append(events, policy.tick(now));
    },
    applyExternal: (event) => policy.applyExternal(event),
    reportOutOfRange(sensorId, field, value, now) {
      const sensor = sensors.get(sensorId);
      if (!sensor) return [];
      return policy.onFinding(sensor, createRangeFinding(sensor, field, value), now);
    },
    openAlerts: () => policy.openAlerts(),
    forecast: (sensorId) => forecaster.latest(sensorId),
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
    stateBytesPerSensor() {
      if (slots.size === 0) return 0;
      let bytes = forecaster.stateBytes();
      for (const slot of slots.values()) {
        // The slot, its detector array and gates, its context and the catalog map's entry.
        bytes += BYTES_PER_OBJECT + 12 * 8 + 3 * (BYTES_PER_OBJECT + 8 * slot.detectors.length) + 3 * BYTES_PER_OBJECT + 3 * 8;
        for (const d of slot.detectors) bytes += d.stateBytes?.() ?? BYTES_PER_OBJECT;
      }
      bytes += 16 * tickSlots.length;
      bytes += policy.size() * PER_POLICY_ENTRY_BYTES;
      return Math.round(bytes / slots.size);
    }
  };
}
