import { isOpen, type Alert, type AlertRule } from '../core/alert';
import { siagaThresholdCm } from '../core/flood-levels';
import { HIGH_EDGE, firstReach } from '../core/forecast-reach';
import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { isStale } from '../format/severity';
import { translate, type Lang } from '../i18n/translate';

/** A gauge expected (or, by an open warning, possibly going) to reach a worse Siaga level than it is at now, from its latest forecast. */
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
  /**
   * 'expected': the central forecast reaches it. 'possible': only the top of its band does, said
   * while a forecast warning of that level is open on the gauge (the alert's "may reach … from ≈
   * 10:32"): `at` is then when the band's top reaches it, the time that alert states.
   */
  certainty: 'expected' | 'possible';
}

/** Rules whose alerts warn of a forecast crossing (ingest/detect/flood-forecast.ts); their level is 4 − the Siaga warned of. */
const FORECAST_WARNING_RULES: ReadonlySet<AlertRule> = new Set(['rate_of_rise', 'upstream_warning']);

/** Per gauge, the worst Siaga level an open forecast warning warns of. */
function warnedSiaga(alerts: Iterable<Alert>): Map<string, 1 | 2 | 3> {
  const out = new Map<string, 1 | 2 | 3>();
  for (const a of alerts) {
    if (!FORECAST_WARNING_RULES.has(a.rule) || !isOpen(a) || a.level < 1 || a.level > 3) continue;
    const siaga = (4 - a.level) as 1 | 2 | 3;
    if (siaga < (out.get(a.sensorId) ?? 4)) out.set(a.sensorId, siaga);
  }
  return out;
}

/**
 * Minutes the way a forecast should be read out: to 5 minutes (a forecast is not more precise than
 * that), and to the minute below 10, never 0 (a crossing due now is "± 1 menit", not "± 0").
 */
export function roundMinutes(ms: number): number {
  const m = Math.max(0, ms) / 60_000;
  return m < 10 ? Math.max(1, Math.round(m)) : Math.round(m / 5) * 5;
}

/**
 * The gauge's crossing to show: the central forecast's, else, while a forecast warning is open on it
 * (`warned`), when the band's top reaches the level warned of. The band alone is not shown: whether
 * a possible crossing is news is the warning's call (its cautious path, hysteresis, same-flood rule).
 */
function crossingOf(sensor: Sensor, r: LiveReading | undefined, now: number, warned: 1 | 2 | 3 | undefined): ExpectedCrossing | null {
  const f = r?.forecast;
  const state = r?.state;
  if (!r || !f || state?.kind !== 'flood' || state.siaga === null || isStale(r.ts, sensor.intervalS, now)) return null;
  const c = f.crossing;
  const level = c ? c.level : warned;
  // Only news: a gauge already at that level (or worse), by the state its dot shows, is the level tile's story.
  if (level === undefined || level >= state.siaga) return null;
  if (c) {
    const minutes = roundMinutes(c.at - now);
    const earliest = roundMinutes(Math.min(c.earliest, c.at) - now);
    return { sensor, siaga: c.level, at: c.at, minutes, earliestMinutes: earliest < minutes ? earliest : null, certainty: 'expected' };
  }
  // a warning held while even the band's top stays below ("may still reach") has no time to say
  const top = sensor.flood ? firstReach(f.ts, f.levelCm, f.points, HIGH_EDGE, siagaThresholdCm(level, sensor.flood)) : null;
  if (top === null) return null;
  return { sensor, siaga: level, at: Math.round(top), minutes: roundMinutes(top - now), earliestMinutes: null, certainty: 'possible' };
}

/**
 * One gauge's crossing as the tile would say it (expected, or possible while a forecast warning is open on it): the
 * sensor page states the same, so its forecast line never says "no higher level" beside an open "may reach" alert.
 */
export function gaugeCrossing(sensor: Sensor, r: LiveReading | undefined, now: number, alerts: Iterable<Alert>): ExpectedCrossing | null {
  return crossingOf(sensor, r, now, warnedSiaga(alerts).get(sensor.id));
}

/** Whether `a` goes before `b` on the tile: the worse level, then expected before possible (the forecast's centre stands behind it), then the sooner. */
function worse(a: ExpectedCrossing, b: ExpectedCrossing): boolean {
  if (a.siaga !== b.siaga) return a.siaga < b.siaga;
  if (a.certainty !== b.certainty) return a.certainty === 'expected';
  return a.at < b.at;
}

/**
 * The worst crossing the fresh forecasts expect, or an open forecast warning says is possible
 * (`alerts`: the open ones are read): the most severe level first, then the expected one, then the
 * soonest. Stale gauges are left out like everywhere on the wall.
 */
export function worstExpectedCrossing(sensors: readonly Sensor[], readings: ReadonlyMap<string, LiveReading>, now: number, alerts: Iterable<Alert> = []): ExpectedCrossing | null {
  const warned = warnedSiaga(alerts);
  let worst: ExpectedCrossing | null = null;
  for (const sensor of sensors) {
    if (sensor.kind !== 'flood') continue;
    const c = crossingOf(sensor, readings.get(sensor.id), now, warned.get(sensor.id));
    if (c && (!worst || worse(c, worst))) worst = c;
  }
  return worst;
}

/** "Siaga 2 dalam ± 40 menit" / "Level 2 in ± 40 min"; possible: "mungkin Siaga 2 mulai ± 40 menit lagi" / "may reach Level 2 in ± 40 min". */
export function crossingText(c: ExpectedCrossing, lang: Lang): string {
  return translate(lang, c.certainty === 'possible' ? 'tile.forecastPossible' : 'tile.forecast', { siaga: c.siaga, minutes: c.minutes });
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
