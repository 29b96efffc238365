import type { LiveReading } from '../core/reading';
import type { Sensor, SensorKind } from '../core/sensor';
import { isStale } from '../format/severity';
import type { HeardBySensor } from './newest';

export const KIOSK_KINDS: readonly SensorKind[] = ['flood', 'air', 'traffic'];

/** One of the kiosk's per-kind panels. */
export interface KindFreshness {
  kind: SensorKind;
  /** Newest reading of the kind's catalog sensors, epoch ms, as of its arrival (0: none). */
  newest: number;
  /** Nothing of the kind heard recently enough to call it live. */
  stale: boolean;
  /** Worst severity among the kind's sensors that are not stale; -1 when stale or none. */
  worst: number;
}

/**
 * Per kind: how new its data is and the worst it shows, over the catalog's sensors only (a reading from an id outside
 * the catalog, which the server forwards too, must not call the kind live while its gauges are silent). The newest
 * time is each sensor's heard time from the live state, capped at arrival (newest.ts): a device clock running minutes
 * fast kept the panel live for minutes after the feed stopped.
 */
export function kindFreshness(sensors: readonly Sensor[], readings: ReadonlyMap<string, LiveReading>, heardBySensor: HeardBySensor, now: number): KindFreshness[] {
  return KIOSK_KINDS.map((kind) => {
    let worst = -1;
    let intervalS = Infinity;
    let newest = 0;
    for (const s of sensors) {
      if (s.kind !== kind) continue;
      intervalS = Math.min(intervalS, s.intervalS);
      newest = Math.max(newest, heardBySensor.get(s.id) ?? 0);
      const r = readings.get(s.id);
      if (r && !isStale(r.ts, s.intervalS, now)) worst = Math.max(worst, r.severity);
    }
    const stale = newest === 0 || isStale(newest, Number.isFinite(intervalS) ? intervalS : 60, now);
    return { kind, newest, stale, worst: stale ? -1 : worst };
  });
}
