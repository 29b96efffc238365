import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Sensor } from '../../src/lib/core/sensor';
import { trafficState } from '../../src/lib/core/traffic-levels';
import { BYTES_PER_NUMBER, BYTES_PER_OBJECT, createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { formatNumber } from './texts';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_CONGESTION = quietFinding('congestion', 'emergency');

/**
 * Congestion against two references: the road's profile (core trafficState: free-flow speed and
 * capacity) and the site's own normal for the hour of day (EWMA of speed, 24 numbers).
 * Macet always alerts. Padat alerts only when the road is also slower than its usual for that
 * hour (or no usual is learned yet): a road that is Padat every weekday at 17:00 is known to the
 * operators and would otherwise bury the real incidents. "Sustained" is the policy's minimum
 * active duration (60 s by default), not repeated here.
 */
export interface CongestionOptions {
  /** Hours added to UTC for the hour of day; Samarinda is WITA, UTC+8, no daylight saving. */
  utcOffsetH: number;
  /** Weight of a new reading in the hour's EWMA. */
  alpha: number;
  /** Samples an hour needs before its EWMA counts as the site's normal. */
  minSamples: number;
  /** Padat counts as abnormal when speed is below this fraction of the hour's normal. */
  belowNormalRatio: number;
}

export const CONGESTION_DEFAULTS: Readonly<CongestionOptions> = Object.freeze({
  utcOffsetH: 8,
  alpha: 0.1,
  minSamples: 5,
  belowNormalRatio: 0.8
});

const MS_PER_H = 3_600_000;

export function localHour(ts: number, utcOffsetH: number): number {
  return (((Math.floor(ts / MS_PER_H) + utcOffsetH) % 24) + 24) % 24;
}

export function createCongestionDetector(options: Partial<CongestionOptions> = {}): Detector {
  const o: CongestionOptions = { ...CONGESTION_DEFAULTS, ...options };
  return {
    rule: 'congestion',
    kinds: ['traffic'],
    create(sensor: Sensor): SizedSensorDetector | null {
      const profile = sensor.traffic;
      if (!profile) return null;
      // Per local hour: speed EWMA (0–23), then samples seen (24–47, capped at 255). One array.
      const ewma = new Float32Array(48);
      return {
        observe(reading): Finding | null {
          const { speed, flow, occupancy } = reading.values;
          if (speed === undefined && flow === undefined && occupancy === undefined) return null;
          const hour = localHour(reading.ts, o.utcOffsetH);
          const normal = ewma[24 + hour] >= o.minSamples ? ewma[hour] : undefined;
          const state = trafficState({ speed, flow, occupancy }, profile);
          if (speed !== undefined) {
            ewma[hour] = ewma[24 + hour] === 0 ? speed : ewma[hour] + o.alpha * (speed - ewma[hour]);
            if (ewma[24 + hour] < 255) ewma[24 + hour]++;
          }
          const severity = state.level.severity;
          const belowNormal = normal === undefined || speed === undefined || speed < o.belowNormalRatio * normal;
          const value = speed ?? 0;
          if (severity < 2 || (severity === 2 && !belowNormal)) return QUIET_CONGESTION;
          return createActiveFinding({
            rule: 'congestion',
            category: 'emergency',
            kind: 'traffic',
            severity: severity === 3 ? 'critical' : 'warning',
            level: severity,
            value,
            normal: normal === undefined ? undefined : Math.round(normal),
            params: () => ({
              name: sensor.name,
              level: { id: state.level.id, en: state.level.en },
              speed: speed === undefined ? '-' : formatNumber(speed),
              normal: normal === undefined ? '-' : formatNumber(normal),
              freeFlow: profile.freeFlowKmh,
              saturation: formatNumber(state.saturation)
            })
          });
        },
        stateBytes: () => ewma.byteLength + BYTES_PER_OBJECT
      };
    }
  };
}

export const congestionDetector = createCongestionDetector();
