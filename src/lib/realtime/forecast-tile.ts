import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { isStale } from '../format/severity';
import { translate, type Lang } from '../i18n/translate';

/** A gauge expected to reach a worse Siaga level than it is at now, from its latest forecast. */
export interface ExpectedCrossing {
  sensor: Sensor;
  siaga: 1 | 2 | 3;
  at: number;
  /** Minutes from now, rounded as it is said aloud (see roundMinutes). */
  minutes: number;
  /**
   * Minutes to the earliest (when the top of the forecast band reaches it), rounded the same way;
   * null when that rounds to the same. Alerts and the sensor page state this pair too.
   */
  earliestMinutes: number | null;
}

/**
 * Minutes the way a forecast should be read out: to 5 minutes (a forecast is not more precise than
 * that), and to the minute below 10, never 0 (a crossing due now is "± 1 menit", not "± 0").
 */
export function roundMinutes(ms: number): number {
  const m = Math.max(0, ms) / 60_000;
  return m < 10 ? Math.max(1, Math.round(m)) : Math.round(m / 5) * 5;
}

function crossingOf(sensor: Sensor, r: LiveReading | undefined, now: number): ExpectedCrossing | null {
  const c = r?.forecast?.crossing;
  const state = r?.state;
  if (!r || !c || state?.kind !== 'flood' || state.siaga === null || isStale(r.ts, sensor.intervalS, now)) return null;
  // Only news: a gauge already at that level (or worse), by the state its dot shows, is the level tile's story.
  if (c.level >= state.siaga) return null;
  const minutes = roundMinutes(c.at - now);
  const earliest = roundMinutes(Math.min(c.earliest, c.at) - now);
  return { sensor, siaga: c.level, at: c.at, minutes, earliestMinutes: earliest < minutes ? earliest : null };
}

/**
 * The worst crossing the fresh forecasts expect: the most severe level first, then the soonest.
 * Stale gauges are left out like everywhere on the wall.
 */
export function worstExpectedCrossing(sensors: readonly Sensor[], readings: ReadonlyMap<string, LiveReading>, now: number): ExpectedCrossing | null {
  let worst: ExpectedCrossing | null = null;
  for (const sensor of sensors) {
    if (sensor.kind !== 'flood') continue;
    const c = crossingOf(sensor, readings.get(sensor.id), now);
    if (c && (!worst || c.siaga < worst.siaga || (c.siaga === worst.siaga && c.at < worst.at))) worst = c;
  }
  return worst;
}

/** "Siaga 2 dalam ± 40 menit" / "Level 2 in ± 40 min". */
export function crossingText(c: ExpectedCrossing, lang: Lang): string {
  return translate(lang, 'tile.forecast', { siaga: c.siaga, minutes: c.minutes });
}

/**
 * With the earliest where it is earlier: "Siaga 2 dalam ± 40 menit (paling cepat 15 menit)", the
 * pair a forecast alert states as clock times ("≈ 10:56 WITA (paling cepat 10:32)"). For the wall
 * tile read at a desk or on a phone; the kiosk read across the room keeps the one number.
 */
export function crossingPairText(c: ExpectedCrossing, lang: Lang): string {
  if (c.earliestMinutes === null) return crossingText(c, lang);
  return translate(lang, 'tile.forecastEarliest', { siaga: c.siaga, minutes: c.minutes, earliest: c.earliestMinutes });
}
