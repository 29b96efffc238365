import type { Finding, Text } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { SIAGA_LEVELS } from '../../src/lib/core/flood-levels';
import type { Reading } from '../../src/lib/core/reading';
import type { FloodThresholds, Sensor } from '../../src/lib/core/sensor';
import { alertLevelOfSiaga, nextSiagaWithDeadband, siagaText } from './flood-level';
import { createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { RATE_OF_RISE_DEFAULTS, createRiseForecaster, type RateOfRiseOptions, type RiseForecaster } from './rate-of-rise';
import { BYTES_PER_SMALL_OBJECT } from './state-arena';
import { formatNumber } from './texts';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_UPSTREAM_WARNING = quietFinding('upstream_warning', 'emergency');

/**
 * Runs on the upstream gauge (one with catalog `downstream` links) and says whether its water is a
 * warning for the gauges below it: at Siaga 3 or worse, or rising fast. The finding is about the
 * upstream gauge; the engine hands it to each downstream gauge (per-sensor state stays here, the
 * routing and the "worst of my upstreams" stay in the engine).
 */
export interface UpstreamOptions {
  /**
   * When the gauge counts as rising below Siaga 3: rate_of_rise's fast path (a flash-flood rate
   * with its next threshold within the horizon). A bare rate (≥ 5 cm/h, as before) fanned every
   * ordinary shower out to every downstream gauge; even the slow forecast does on a strong shower
   * near Siaga 3, and one such warning is six alerts below Gunung Lingai.
   */
  rise: Partial<RateOfRiseOptions>;
  /** Sensor id → display name, for "warn Gunung Lingai, KP3"; ids are shown when missing. */
  names?: ReadonlyMap<string, string>;
}

function risingText(rateCmPerH: number): Text {
  const r = formatNumber(rateCmPerH);
  return { id: `naik ${r} cm/jam`, en: `rising ${r} cm/h` };
}

/** upstream_warning for one gauge with downstream links. */
class UpstreamSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #t: FloodThresholds;
  readonly #targets: string;
  readonly #forecaster: RiseForecaster;
  /** Index in SIAGA_LEVELS of the gauge's level with the deadband (a small integer: no boxing). */
  #current = 0;

  constructor(sensor: Sensor, t: FloodThresholds, targets: string, riseOptions: RateOfRiseOptions) {
    [this.#sensor, this.#t, this.#targets] = [sensor, t, targets];
    this.#forecaster = createRiseForecaster(t, riseOptions);
  }

  observe(reading: Reading): Finding | null {
    const wl = reading.values.water_level;
    if (wl === undefined) return null;
    const current = nextSiagaWithDeadband(SIAGA_LEVELS[this.#current], wl, this.#t);
    this.#current = 4 - current.siaga;
    const forecast = this.#forecaster.observe(reading.ts, wl);
    if (current.siaga === 4 && !forecast?.fast) return QUIET_UPSTREAM_WARNING;
    const level = current.siaga === 4 ? 1 : alertLevelOfSiaga(current.siaga);
    const siaga = current.siaga;
    const perHour = forecast ? forecast.perHour : 0;
    const [sensor, targets] = [this.#sensor, this.#targets];
    return createActiveFinding({
      rule: 'upstream_warning',
      category: 'emergency',
      kind: 'flood',
      severity: level === 3 ? 'critical' : 'warning',
      level,
      value: wl,
      params: () => ({ upstream: sensor.name, state: siaga === 4 ? risingText(perHour) : siagaText(siaga), targets, value: formatNumber(wl) })
    });
  }

  stateBytes(): number {
    return this.#forecaster.bytes + BYTES_PER_SMALL_OBJECT;
  }
}

export function createUpstreamDetector(options: Partial<UpstreamOptions> = {}): Detector {
  const riseOptions: RateOfRiseOptions = { ...RATE_OF_RISE_DEFAULTS, ...options.rise };
  return {
    rule: 'upstream_warning',
    kinds: ['flood'],
    create(sensor: Sensor): SizedSensorDetector | null {
      const t = sensor.flood;
      const down = sensor.downstream ?? [];
      if (!t || down.length === 0) return null;
      const targets = down.map((id) => options.names?.get(id) ?? id).join(', ');
      return new UpstreamSensor(sensor, t, targets, riseOptions);
    }
  };
}

export const upstreamDetector = createUpstreamDetector();
