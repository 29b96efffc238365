import { SEVERITY_RANK, type Alert, type AlertEvent, type Finding } from '../../src/lib/core/alert';
import type { Detector, SensorDetector } from '../../src/lib/core/detector';
import { PantauError } from '../../src/lib/core/errors';
import type { Forecast } from '../../src/lib/core/forecast';
import type { LiveReading, Reading } from '../../src/lib/core/reading';
import { indexSensors, type Catalog, type Sensor } from '../../src/lib/core/sensor';
import { createAlertPolicy, type AlertPolicyOptions } from './alert-policy';
import { BYTES_PER_OBJECT, quietFinding } from './finding';
import { createDetectors } from './index';
import { createLiveReading } from '../../src/lib/core/live-reading';
import { createRangeFinding } from './sensor-faults';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_UPSTREAM_WARNING = quietFinding('upstream_warning', 'emergency');

export interface DetectionEngine {
  /** One validated reading → alert events (raised/updated/resolved/escalated); usually none. */
  observe(reading: Reading): AlertEvent[];
  /**
   * The live state (severity, label) of a sensor's reading after it was observed. Separate from
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
  /** Rough bytes of state per sensor (for the benchmark). */
  stateBytesPerSensor(): number;
}

export interface DetectionEngineOptions {
  catalog: Catalog;
  /** Rules to run, name → detector; defaults to every rule in index.ts. */
  detectors?: Record<string, Detector>;
  policy?: Partial<AlertPolicyOptions>;
}

interface SensorSlot {
  sensor: Sensor;
  /** The sensor's rule states (each finding names its rule). */
  detectors: (SensorDetector & { stateBytes?(): number })[];
  /**
   * Bit i set while detector i's last finding was active. A quiet finding after a quiet one
   * changes nothing in the policy (pending and open alerts are aged by tick), so only the
   * active → quiet transition is passed on: the common reading does no policy work at all.
   */
  active: number;
  /** Gauges this one warns (catalog `downstream`, resolved to slots once). */
  downstream: SensorSlot[] | null;
  /** Latest upstream_warning finding per upstream gauge; keys are fixed by the catalog's links. */
  fromUpstream: Map<string, Finding> | null;
  /** The air_quality rule's hourly ISPU from the last reading, if it gave one (for the live label). */
  hourlyIspu: number | undefined;
  /** Time of the last reading, the learned spacing of readings (ms) and how many gaps it has seen. */
  lastTs: number;
  gapMs: number;
  gaps: number;
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

/** Returned when a reading makes no alert events (nearly always): callers only read it. */
const NO_EVENTS: AlertEvent[] = Object.freeze([]) as unknown as AlertEvent[];
/** Bits of SensorSlot.active: at most this many rules per sensor. */
const MAX_RULES = 30;

const PER_POLICY_ENTRY_BYTES = 4 * BYTES_PER_OBJECT;

/** Worst active finding of a gauge's upstreams, or a quiet one when none is active. */
function worstUpstream(findings: Map<string, Finding>): Finding {
  let worst: Finding | null = null;
  for (const f of findings.values()) {
    if (!f.active) continue;
    if (!worst || f.level > worst.level || (f.level === worst.level && SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst.severity])) worst = f;
  }
  return worst ?? QUIET_UPSTREAM_WARNING;
}

function createSlots(catalog: Catalog, detectors: Record<string, Detector>): Map<string, SensorSlot> {
  const slots = new Map<string, SensorSlot>();
  for (const sensor of catalog.sensors) {
    const list: SensorSlot['detectors'] = [];
    for (const d of Object.values(detectors)) {
      if (!d.kinds.includes(sensor.kind)) continue;
      const detector = d.create(sensor);
      if (detector) list.push(detector);
    }
    if (list.length > MAX_RULES) throw new PantauError('too_many_rules', `sensor ${sensor.id} has ${list.length} rules (at most ${MAX_RULES})`);
    slots.set(sensor.id, { sensor, detectors: list, active: 0, downstream: null, fromUpstream: null, hourlyIspu: undefined, lastTs: NaN, gapMs: NaN, gaps: 0 });
  }
  for (const slot of slots.values()) {
    for (const id of slot.sensor.downstream ?? []) {
      const down = slots.get(id);
      if (!down || down === slot || down.sensor.kind !== 'flood') continue;
      (slot.downstream ??= []).push(down);
      down.fromUpstream ??= new Map();
    }
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
  const slots = createSlots(opts.catalog, opts.detectors ?? (createDetectors(opts.catalog) as Record<string, Detector>));
  const policy = createAlertPolicy(sensors, opts.policy, (sensor) => {
    const slot = slots.get(sensor.id);
    return slot && slot.gaps >= LEARN_INTERVAL_GAPS ? slot.gapMs : sensor.intervalS * 1000;
  });

  // Detectors with a clock (silence), listed once: a tick visits only them, not every rule.
  const tickSlots: SensorSlot[] = [];
  const tickIndex: number[] = [];
  for (const slot of slots.values()) {
    slot.detectors.forEach((d, i) => {
      if (d.tick) [tickSlots.push(slot), tickIndex.push(i)];
    });
  }

  function route(slot: SensorSlot, f: Finding, at: number, events: AlertEvent[]): AlertEvent[] {
    if (f.rule !== 'upstream_warning') return append(events, policy.onFinding(slot.sensor, f, at));
    for (const down of slot.downstream ?? []) {
      down.fromUpstream!.set(slot.sensor.id, f);
      events = append(events, policy.onFinding(down.sensor, worstUpstream(down.fromUpstream!), at));
    }
    return events;
  }

  /** Routes a finding of detector i unless it is quiet after quiet (see SensorSlot.active). */
  function offer(slot: SensorSlot, i: number, f: Finding, at: number, events: AlertEvent[]): AlertEvent[] {
    const bit = 1 << i;
    if (f.active) slot.active |= bit;
    else if (slot.active & bit) slot.active &= ~bit;
    else return events;
    return route(slot, f, at, events);
  }

  return {
    observe(reading) {
      const slot = slots.get(reading.sensorId);
      if (!slot) throw new PantauError('unknown_sensor', `sensor ${reading.sensorId} is not in the catalog`);
      let events = NO_EVENTS;
      let hourlyIspu: number | undefined;
      learnGap(slot, reading.ts);
      const detectors = slot.detectors;
      for (let i = 0; i < detectors.length; i++) {
        const f = detectors[i].observe(reading);
        if (f === null) continue;
        if (f.rule === 'air_quality') hourlyIspu = f.value;
        events = offer(slot, i, f, reading.ts, events);
      }
      slot.hourlyIspu = hourlyIspu;
      return events;
    },
    live(reading) {
      const slot = slots.get(reading.sensorId);
      if (!slot) throw new PantauError('unknown_sensor', `sensor ${reading.sensorId} is not in the catalog`);
      return createLiveReading(slot.sensor, reading, slot.hourlyIspu);
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
    forecast: () => null,
    stateBytesPerSensor() {
      if (slots.size === 0) return 0;
      let bytes = 0;
      for (const slot of slots.values()) {
        // The slot, its detector array and the catalog map's entry.
        bytes += BYTES_PER_OBJECT + 8 * 8 + BYTES_PER_OBJECT + 8 * slot.detectors.length + 3 * 8;
        for (const d of slot.detectors) bytes += d.stateBytes?.() ?? BYTES_PER_OBJECT;
        if (slot.fromUpstream) bytes += BYTES_PER_OBJECT * (1 + slot.fromUpstream.size);
        if (slot.downstream) bytes += BYTES_PER_OBJECT + 8 * slot.downstream.length;
      }
      bytes += 16 * tickSlots.length;
      bytes += policy.size() * PER_POLICY_ENTRY_BYTES;
      return Math.round(bytes / slots.size);
    }
  };
}
