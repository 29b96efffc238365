/**
 * One reading through its sensor's rules (DetectionEngine.observe), and a rule's finding on its way to the alert
 * policy: the engine's hot path, run for every reading the ingest takes.
 */
import type { AlertEvent, Finding } from '../../src/lib/core/alert';
import type { Reading } from '../../src/lib/core/reading';
import type { RiverForecaster } from '../forecast/index';
import type { AlertPolicy } from './alert-policy';
import { feedForecaster } from './engine-forecast';
import { quietFinding } from './finding';
import { learnArrival, learnGap } from './slot-timing';
import { isRepeat, judgeTrust, settleCarriedTrust, type SensorSlot } from './slots';

/** Returned when a reading makes no alert events (nearly always): callers only read it. */
export const NO_EVENTS: AlertEvent[] = Object.freeze([]) as unknown as AlertEvent[];

export function append(events: AlertEvent[], more: AlertEvent[]): AlertEvent[] {
  if (more.length === 0) return events;
  if (events === NO_EVENTS) return more.slice();
  for (const e of more) events.push(e);
  return events;
}

/**
 * Routes a finding of detector i unless it is quiet after quiet (see SensorSlot.active). A distrusting rule's finding
 * settles first whether the sensor's readings count (a tick's, silence, dates it from the last reading).
 */
export function offerFinding(policy: AlertPolicy, slot: SensorSlot, i: number, f: Finding, at: number, events: AlertEvent[]): AlertEvent[] {
  const bit = 1 << i;
  if (f.active) slot.active |= bit;
  else if (slot.active & bit) slot.active &= ~bit;
  else return events;
  if (slot.distrustMask & bit) judgeTrust(slot, slot.lastTs < at ? slot.lastTs : at, f.rule);
  return append(events, policy.onFinding(slot.sensor, f, at));
}

/** The reading through the sensor's rules in their order (slots.ts orderRules); `clock`: the engine's latest tick. */
export function observeSlot(slot: SensorSlot, reading: Reading, clock: number, forecaster: RiverForecaster, policy: AlertPolicy): AlertEvent[] {
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
  if (slot.datumAt < 0) feedForecaster(forecaster, slot, reading);
  const detectors = slot.detectors;
  for (let i = 0; i < detectors.length; i++) {
    let f = detectors[i].observe(reading);
    if (i === slot.datumAt) {
      slot.datum = detectors[i].datumShift?.() ?? 0;
      feedForecaster(forecaster, slot, reading);
    }
    if (f === null) continue;
    if (f.active) {
      if (slot.rejects[i]) slot.rejectedAt = reading.ts;
      else if (reading.ts - slot.rejectedAt < slot.gateMs[i]) f = quietFinding(f.rule, f.category);
    }
    events = offerFinding(policy, slot, i, f, reading.ts, events);
  }
  settleCarriedTrust(slot);
  return events;
}
