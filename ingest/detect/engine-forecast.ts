/**
 * The detection engine's side of the river forecast: which readings of a flood gauge the forecaster learns, on which
 * datum, and how its forecast is shown beside the gauge's readings.
 */
import type { Forecast } from '../../src/lib/core/forecast';
import type { Reading } from '../../src/lib/core/reading';
import type { RiverForecaster } from '../forecast/index';
import type { SensorSlot } from './slots';

/**
 * A forecast as it is shown beside the gauge's readings: on the datum they are read on. The forecaster works on the
 * datum of the Siaga levels (less a suspected datum step: slots.ts `datum`), and its crossings stay as it made them.
 */
export function onReadDatum(f: Forecast | null, datumCm: number): Forecast | null {
  if (f === null || datumCm === 0) return f;
  const points = f.points.map((p) => ({ ...p, levelCm: p.levelCm + datumCm, lowCm: p.lowCm + datumCm, highCm: p.highCm + datumCm }));
  return { ...f, levelCm: f.levelCm + datumCm, points };
}

/**
 * Feeds a flood gauge's reading to the river forecaster before the rules that read its forecast run, and after the
 * rule that says its datum shift (RuleDetector.shiftsDatum): the forecaster learns the river on one datum, the one
 * the Siaga levels are on (a datum step up of 80 cm was a flood to it for hours, bench:rivers-faults offset-up).
 */
export function feedForecaster(forecaster: RiverForecaster, slot: SensorSlot, reading: Reading): void {
  const wl = reading.values.water_level;
  if (wl === undefined || slot.sensor.kind !== 'flood') return;
  // the same value again from a gauge a fault rule calls frozen: not the river (RuleDetector.holdsForecast)
  const frozen = (slot.active & slot.holdMask) !== 0 && wl === slot.level;
  slot.level = wl;
  if (frozen) return;
  forecaster.observe(slot.sensor.id, reading.ts, wl - slot.datum, reading.values.rainfall);
}

/** Readings from before the process started to the forecaster only (DetectionEngine.warmForecasts): how many reached a flood gauge's. */
export function warmForecaster(forecaster: RiverForecaster, slots: ReadonlyMap<string, SensorSlot>, readings: Iterable<Reading>): number {
  let fed = 0;
  for (const reading of readings) {
    const slot = slots.get(reading.sensorId);
    if (!slot || slot.sensor.kind !== 'flood' || reading.values.water_level === undefined) continue;
    feedForecaster(forecaster, slot, reading);
    fed++;
  }
  return fed;
}
