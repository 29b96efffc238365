/**
 * What reaches the detection engine besides readings: alert events from elsewhere (people's acknowledge/resolve,
 * other workers, alerts restored at start) and registry versions while running, with the sensors a version hands
 * between workers.
 */
import { isOpen, type AlertEvent } from '../../src/lib/core/alert';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import type { CatalogDiff } from '../catalog-diff';
import { forecastGaugesFromCatalog, type RiverForecaster } from '../forecast/index';
import { NO_MOVES, type SensorMoves } from '../handover';
import type { AlertPolicy } from './alert-policy';
import type { RuleDetector } from './context';
import { NO_EVENTS } from './engine-observe';
import type { SiblingAlerts } from './sibling-alerts';
import { carryDistrust, emptySlot, fillSlot, ruleAffected, SlotContext, upstreamIndex, type SensorSlot } from './slots';

/** The engine's parts these read and change (built by createDetectionEngine). */
export interface EngineParts {
  /** Mutable: the policy looks sensors up here, and a registry version changes them (applyCatalogVersion). */
  sensors: Map<string, Sensor>;
  slots: Map<string, SensorSlot>;
  rules: readonly RuleDetector[];
  forecaster: RiverForecaster;
  policy: AlertPolicy;
  /** Other workers' open alerts, for the sensors a registry version hands to this one. */
  siblings: SiblingAlerts;
  /** `by` of the events the engine makes. */
  by: string;
}

/** DetectionEngine.applyExternal. */
export function applyExternalEvent(p: EngineParts, event: AlertEvent): AlertEvent[] {
  if (!p.sensors.has(event.alert.sensorId)) {
    p.siblings.offer(event); // another worker's sensor: kept in case a registry version hands it here
    return NO_EVENTS;
  }
  const events = p.policy.applyExternal(event);
  // an open alert from before (restored at start, or taken over): its rule may take up where it was
  const slot = p.slots.get(event.alert.sensorId);
  for (const d of slot?.detectors ?? []) d.resume?.(event.alert);
  // held then: its readings are not trusted before one is judged here (slots.ts carryDistrust)
  if (slot && event.alert.heldSince !== undefined && isOpen(event.alert)) carryDistrust(slot, event.alert.heldSince);
  return events;
}

/**
 * A registry version while running. Removed sensors lose their state and their open alerts are
 * resolved (no reading can resolve them any more); added ones start fresh; changed ones get new
 * rule states only for the rules the change reaches (slots.ts, RULE_INPUTS), the rest keep theirs,
 * and their open alerts a new name or district (`updated`) when the change renamed or moved them.
 * A sensor handed to another worker leaves its open alerts to it without a word; one handed here
 * takes up the alerts its old worker held, as after a restart.
 */
export function applyCatalogVersion(p: EngineParts, diff: CatalogDiff, catalog: Catalog, now: number, moves: SensorMoves = NO_MOVES): AlertEvent[] {
  const events: AlertEvent[] = [];
  dropRemoved(p, diff.removed, new Set(moves.left), now, events);
  for (const s of diff.added) {
    p.slots.set(s.id, emptySlot(s));
    p.sensors.set(s.id, s);
  }
  for (const { sensor } of diff.changed) {
    const slot = p.slots.get(sensor.id);
    if (slot) slot.sensor = sensor;
    else p.slots.set(sensor.id, emptySlot(sensor));
    const before = p.sensors.get(sensor.id)?.name;
    p.sensors.set(sensor.id, sensor);
    events.push(...p.policy.relabel(sensor, now, before));
  }
  p.forecaster.update?.(forecastGaugesFromCatalog(catalog));
  const upstream = upstreamIndex(catalog);
  const context = (slot: SensorSlot) => new SlotContext(slot, p.slots, upstream.get(slot.sensor.id) ?? [], p.forecaster);
  for (const s of diff.added) fillSlot(p.slots.get(s.id)!, p.rules, context(p.slots.get(s.id)!));
  for (const id of moves.arrived) for (const alert of p.siblings.take(id)) events.push(...applyExternalEvent(p, { type: 'raised', at: alert.updatedAt, by: p.by, alert }));
  for (const { sensor, aspects } of diff.changed) {
    const slot = p.slots.get(sensor.id)!;
    // A new promised interval is a reconfigured sensor: what was learned of the old spacing is stale.
    if (aspects.includes('interval')) [slot.gaps, slot.gapMs] = [0, NaN];
    fillSlot(slot, p.rules, context(slot), (d) => !ruleAffected(d.rule, aspects));
    // Re-created rules take up their open alerts as after a restart (a renamed frozen sensor's
    // new stuck state had to see it vary first, and its alert closed itself).
    for (const a of p.policy.openAlerts()) if (a.sensorId === sensor.id) for (const d of slot.detectors) d.resume?.(a);
  }
  return events;
}

/** Removed sensors: their open alerts resolved, or offered to the sibling table when the sensor left for another worker. */
function dropRemoved(p: EngineParts, removed: CatalogDiff['removed'], left: ReadonlySet<string>, now: number, events: AlertEvent[]): void {
  const by = p.by;
  for (const id of removed) {
    if (!p.slots.delete(id)) continue;
    for (const alert of p.policy.openAlerts()) {
      if (alert.sensorId !== id) continue;
      if (left.has(id)) {
        p.siblings.offer({ type: 'raised', at: alert.updatedAt, by, alert });
        continue;
      }
      const event: AlertEvent = { type: 'resolved', at: now, by, alert: { ...alert, state: 'resolved', resolvedAt: now, resolvedBy: by, updatedAt: now } };
      p.policy.applyExternal(event);
      events.push(event);
    }
    p.policy.forget(id);
    p.sensors.delete(id);
  }
}
