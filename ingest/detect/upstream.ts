import type { Finding, Text } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import { SIAGA_LEVELS, type SiagaLevel } from '../../src/lib/core/flood-levels';
import type { Sensor } from '../../src/lib/core/sensor';
import { alertLevelOfSiaga, nextSiagaWithDeadband, siagaText } from './flood-level';
import { BYTES_PER_OBJECT, createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { RATE_OF_RISE_DEFAULTS, createRiseForecaster, type RateOfRiseOptions } from './rate-of-rise';
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
      const forecaster = createRiseForecaster(t, riseOptions);
      let current: SiagaLevel = SIAGA_LEVELS[0];
      return {
        observe(reading): Finding | null {
          const wl = reading.values.water_level;
          if (wl === undefined) return null;
          current = nextSiagaWithDeadband(current, wl, t);
          const forecast = forecaster.observe(reading.ts, wl);
          if (current.siaga === 4 && !forecast?.fast) return QUIET_UPSTREAM_WARNING;
          const level = current.siaga === 4 ? 1 : alertLevelOfSiaga(current.siaga);
          const siaga = current.siaga;
          const perHour = forecast ? forecast.perHour : 0;
          return createActiveFinding({
            rule: 'upstream_warning',
            category: 'emergency',
            kind: 'flood',
            severity: level === 3 ? 'critical' : 'warning',
            level,
            value: wl,
            params: () => ({ upstream: sensor.name, state: siaga === 4 ? risingText(perHour) : siagaText(siaga), targets, value: formatNumber(wl) })
          });
        },
        stateBytes: () => forecaster.bytes + BYTES_PER_OBJECT
      };
    }
  };
}

export const upstreamDetector = createUpstreamDetector();
