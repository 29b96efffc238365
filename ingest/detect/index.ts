import type { AlertRule } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Catalog } from '../../src/lib/core/sensor';
import { airQualityDetector } from './air-quality';
import { congestionDetector } from './congestion';
import { floodLevelDetector } from './flood-level';
import { rateOfRiseDetector } from './rate-of-rise';
import { silentDetector, spikeDetector, stuckDetector } from './sensor-faults';
import { stepDetector } from './sensor-step';
import { statisticalDetector } from './statistical';
import { upstreamDetector } from './upstream';
import type { RuleDetector } from './context';

/**
 * Every rule the engine runs, by name. `sensor_range` has no per-reading detector: ingest refuses
 * out-of-range readings and reports them with engine.reportOutOfRange.
 */
export const DETECTORS: Readonly<Partial<Record<AlertRule, Detector & RuleDetector>>> = Object.freeze({
  flood_level: floodLevelDetector,
  rate_of_rise: rateOfRiseDetector,
  upstream_warning: upstreamDetector,
  // Its hourly ISPU is the air sensor's live label.
  air_quality: { ...airQualityDetector, liveIndex: true },
  congestion: congestionDetector,
  // Its scorer learns from every reading: in the half hour after a reading the spike rule rejected,
  // its verdicts are about that reading, not the city (bench:scenarios flood-rise-glitch).
  statistical: { ...statisticalDetector, faultGateMs: 30 * 60_000 },
  // A frozen gauge's value is kept from the river forecaster while its alert holds (bench:rivers-faults stuck-3d),
  // and while it holds (or silence does) no reading of the sensor lowers or closes its flood alerts (alert-hold.ts).
  sensor_stuck: { ...stuckDetector, holdsForecast: true, distrustsReadings: true },
  sensor_spike: spikeDetector,
  // A level step (datum shift): the flood rules and the river forecaster read the level less it (sensor-step.ts).
  sensor_step: stepDetector,
  sensor_silent: { ...silentDetector, distrustsReadings: true }
});

/**
 * The rules for a catalog. Names of linked gauges, intervals and forecasts reach the rules through
 * their context (context.ts), so the catalog changes nothing here; kept as the one entry point.
 */
export function createDetectors(_catalog: Catalog): Partial<Record<AlertRule, Detector & RuleDetector>> {
  return { ...DETECTORS };
}
