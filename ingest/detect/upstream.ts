import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import type { Sensor } from '../../src/lib/core/sensor';
import type { DetectorContext, RuleDetector } from './context';
import { alertLevelOfSiaga } from './flood-level';
import { createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { FORECAST_WARNING_DEFAULTS, HELD, expectedRatePerH, forecastFindingTexts, forecastWarning, type ForecastWarning, type ForecastWarningOptions } from './flood-forecast';
import { BYTES_PER_SMALL_OBJECT } from './state-arena';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_UPSTREAM_WARNING = quietFinding('upstream_warning', 'emergency');

/**
 * upstream_warning runs on the gauge the water will reach, from that gauge's own forecast: it
 * warns when the forecast says this gauge reaches its next Siaga level within the horizon and the
 * water comes from upstream (an upstream gauge at its own Siaga 3, or rising). Before, it fired on
 * the downstream gauges whenever the upstream one stood at its Siaga 3, whatever they would do:
 * 3.6 false warnings per gauge-week on real rivers (issue 10).
 */
export interface UpstreamOptions {
  forecast: ForecastWarningOptions;
}

export function upstreamFinding(w: ForecastWarning, ctx: DetectorContext): Finding {
  const siaga = w.crossing.level;
  const level = alertLevelOfSiaga(siaga);
  return createActiveFinding({
    rule: 'upstream_warning',
    category: 'emergency',
    kind: 'flood',
    severity: level === 3 ? 'critical' : 'warning',
    level,
    value: expectedRatePerH(w.forecast),
    ...forecastFindingTexts('upstream_warning', w, ctx)
  });
}

class UpstreamSensor implements SizedSensorDetector {
  readonly #ctx: DetectorContext;
  readonly #o: UpstreamOptions;

  constructor(ctx: DetectorContext, o: UpstreamOptions) {
    [this.#ctx, this.#o] = [ctx, o];
  }

  observe(reading: Reading): Finding | null {
    if (reading.values.water_level === undefined) return null;
    const w = forecastWarning(this.#ctx, reading.ts, this.#o.forecast);
    // No usable forecast for this reading (a new gauge, or a reading held as a glitch): no verdict.
    if (w === undefined || w === HELD) return null;
    return w && w.upstream ? upstreamFinding(w, this.#ctx) : QUIET_UPSTREAM_WARNING;
  }

  stateBytes(): number {
    return BYTES_PER_SMALL_OBJECT;
  }
}

/**
 * Not gated on the spike rule: it reads only the forecast, and the forecaster holds a jump its
 * gauge cannot make until the next reading confirms it (ingest/forecast/glitch.ts), so a spike
 * never enters it; gating cost the glitched flood of bench:scenarios its warning.
 */
export function createUpstreamDetector(options: Partial<UpstreamOptions> = {}): Detector & RuleDetector {
  const o: UpstreamOptions = { forecast: FORECAST_WARNING_DEFAULTS, ...options };
  return {
    rule: 'upstream_warning',
    kinds: ['flood'],
    create(sensor: Sensor, ctx?: DetectorContext): SizedSensorDetector | null {
      if (!sensor.flood || !ctx || ctx.upstream.length === 0) return null;
      return new UpstreamSensor(ctx, o);
    }
  };
}

export const upstreamDetector = createUpstreamDetector();
