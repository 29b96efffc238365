import { SEVERITY_RANK, type Alert, type AlertEvent, type AlertRule, type Finding } from '../../src/lib/core/alert';
import type { Detector, SensorDetector } from '../../src/lib/core/detector';
import { PantauError } from '../../src/lib/core/errors';
import type { LiveReading, Reading } from '../../src/lib/core/reading';
import { indexSensors, type Catalog, type Sensor } from '../../src/lib/core/sensor';
import { createAlertPolicy, type AlertPolicyOptions } from './alert-policy';
import { BYTES_PER_OBJECT, quietFinding } from './finding';
import { createDetectors } from './index';
import { createLiveReading } from './live';
import { createRangeFinding } from './sensor-faults';

export interface DetectionEngine {
  /** One validated reading → live state of the sensor + alert events (raised/updated/resolved/escalated). */
  observe(reading: Reading): { live: LiveReading; events: AlertEvent[] };
  /** Clock tick (every few seconds): silence, auto-resolve after quiet period, escalation. */
  tick(now: number): AlertEvent[];
  /** Events from elsewhere (people's acknowledge/resolve in the web, other workers, or rebuilt from InfluxDB at start). */
  applyExternal(event: AlertEvent): void;
  /** A reading ingest refused as outside the field's physical range: a maintenance alert for the sensor. */
  reportOutOfRange(sensorId: string, field: string, value: number, now: number): AlertEvent[];
  openAlerts(): Alert[];
  /** Rough bytes of state per sensor (for the benchmark). */
  stateBytesPerSensor(): number;
}

export interface DetectionEngineOptions {
  catalog: Catalog;
  /** Rules to run, name → detector; defaults to every rule in index.ts. */
  detectors?: Record<string, Detector>;
  policy?: Partial<AlertPolicyOptions>;
}

interface RuleState {
  rule: AlertRule;
  detector: SensorDetector & { stateBytes?(): number };
}

interface SensorSlot {
  sensor: Sensor;
  rules: RuleState[];
  /** Gauges this one warns (catalog `downstream`, resolved to slots once). */
  downstream: SensorSlot[];
  /** Latest upstream_warning finding per upstream gauge; keys are fixed by the catalog's links. */
  fromUpstream: Map<string, Finding> | null;
}

const PER_POLICY_ENTRY_BYTES = 4 * BYTES_PER_OBJECT;

/** Worst active finding of a gauge's upstreams, or a quiet one when none is active. */
function worstUpstream(findings: Map<string, Finding>): Finding {
  let worst: Finding | null = null;
  for (const f of findings.values()) {
    if (!f.active) continue;
    if (!worst || f.level > worst.level || (f.level === worst.level && SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst.severity])) worst = f;
  }
  return worst ?? quietFinding('upstream_warning', 'emergency');
}

function createSlots(catalog: Catalog, detectors: Record<string, Detector>): Map<string, SensorSlot> {
  const slots = new Map<string, SensorSlot>();
  for (const sensor of catalog.sensors) {
    const rules: RuleState[] = [];
    for (const d of Object.values(detectors)) {
      if (!d.kinds.includes(sensor.kind)) continue;
      const detector = d.create(sensor);
      if (detector) rules.push({ rule: d.rule, detector });
    }
    slots.set(sensor.id, { sensor, rules, downstream: [], fromUpstream: null });
  }
  for (const slot of slots.values()) {
    for (const id of slot.sensor.downstream ?? []) {
      const down = slots.get(id);
      if (!down || down === slot || down.sensor.kind !== 'flood') continue;
      slot.downstream.push(down);
      down.fromUpstream ??= new Map();
    }
  }
  return slots;
}

export function createDetectionEngine(opts: DetectionEngineOptions): DetectionEngine {
  const sensors = indexSensors(opts.catalog);
  const slots = createSlots(opts.catalog, opts.detectors ?? (createDetectors(opts.catalog) as Record<string, Detector>));
  const policy = createAlertPolicy(sensors, opts.policy);

  function route(slot: SensorSlot, f: Finding, at: number, events: AlertEvent[]): void {
    if (f.rule !== 'upstream_warning') {
      for (const e of policy.onFinding(slot.sensor, f, at)) events.push(e);
      return;
    }
    for (const down of slot.downstream) {
      down.fromUpstream!.set(slot.sensor.id, f);
      for (const e of policy.onFinding(down.sensor, worstUpstream(down.fromUpstream!), at)) events.push(e);
    }
  }

  return {
    observe(reading) {
      const slot = slots.get(reading.sensorId);
      if (!slot) throw new PantauError('unknown_sensor', `sensor ${reading.sensorId} is not in the catalog`);
      const events: AlertEvent[] = [];
      let hourlyIspu: number | undefined;
      for (const r of slot.rules) {
        const f = r.detector.observe(reading);
        if (!f) continue;
        if (f.rule === 'air_quality') hourlyIspu = f.value;
        route(slot, f, reading.ts, events);
      }
      return { live: createLiveReading(slot.sensor, reading, hourlyIspu), events };
    },
    tick(now) {
      const events: AlertEvent[] = [];
      for (const slot of slots.values()) {
        for (const r of slot.rules) {
          const f = r.detector.tick?.(now);
          if (f) route(slot, f, now, events);
        }
      }
      for (const e of policy.tick(now)) events.push(e);
      return events;
    },
    applyExternal: (event) => policy.applyExternal(event),
    reportOutOfRange(sensorId, field, value, now) {
      const sensor = sensors.get(sensorId);
      if (!sensor) return [];
      return policy.onFinding(sensor, createRangeFinding(sensor, field, value), now);
    },
    openAlerts: () => policy.openAlerts(),
    stateBytesPerSensor() {
      if (slots.size === 0) return 0;
      let bytes = 0;
      for (const slot of slots.values()) {
        bytes += BYTES_PER_OBJECT * (2 + slot.rules.length);
        for (const r of slot.rules) bytes += r.detector.stateBytes?.() ?? BYTES_PER_OBJECT;
        if (slot.fromUpstream) bytes += BYTES_PER_OBJECT * (1 + slot.fromUpstream.size);
      }
      bytes += policy.size() * PER_POLICY_ENTRY_BYTES;
      return Math.round(bytes / slots.size);
    }
  };
}
