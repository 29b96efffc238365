/**
 * Flood warnings from the river forecaster (ingest/forecast/): "Gunung Lingai expected at Siaga 2
 * ≈ 14:40 WITA (14:25–15:05)", with what drives it. rate_of_rise and upstream_warning both read a
 * gauge's forecast through their context and split its warnings between them: a crossing driven by
 * water from upstream (an upstream gauge at its own Siaga 3, or rising) is an upstream_warning of
 * the gauge it will reach; any other crossing is the gauge's rate_of_rise. One forecast, one alert.
 */
import type { Text } from '../../src/lib/core/alert';
import type { Forecast, ForecastCrossing, ForecastReason } from '../../src/lib/core/forecast';
import { CENTRE, HIGH_EDGE, firstReach, nextSiagaAbove } from '../forecast/crossing';
import type { FloodThresholds, Sensor } from '../../src/lib/core/sensor';
import type { DetectorContext } from './context';
import { floodDeadbandCm, siagaThresholdCm } from './flood-level';
import { FORECAST_EARLIEST, formatForecastTexts, formatNumber, formatNumberText, formatText, readingNotes, type ForecastRule, type ForecastVariant, type TextParams } from './texts';
import type { ActiveFindingInput } from './finding';
import { witaClock } from '../../src/lib/core/wita';

export interface ForecastWarningOptions {
  /** Warn when the central forecast reaches the next Siaga level within this many minutes. */
  horizonMin: number;
  /**
   * Below this confidence (how far the forecaster's regressions have learned, 0–1: about 10 h of
   * readings for 0.3) its forecast is not used and rate_of_rise falls back to the straight line: a
   * new gauge starts there.
   */
  minConfidence: number;
  /**
   * Which path through the band must reach the threshold: 0 = the central forecast, 1 = the band's
   * high edge (about the 90th percentile), in between a blend. Above 0 warns earlier and more often.
   */
  bandFraction: number;
}

export const FORECAST_WARNING_DEFAULTS: Readonly<ForecastWarningOptions> = Object.freeze({ horizonMin: 120, minConfidence: 0.3, bandFraction: 0.1 });

/** A forecast crossing worth a warning, and the upstream gauge driving it (null: the gauge's own rise or rain). */
export interface ForecastWarning {
  /** The forecast as the forecaster published it (the one the sensor page and the wall show). */
  forecast: Forecast;
  /** The crossing warned of: its level, and when the cautious path (bandFraction) reaches it. */
  crossing: ForecastCrossing;
  /** The upstream gauge whose water drives it: at its own Siaga 3, else the one rising most. */
  upstream: Sensor | null;
}

/**
 * The upstream gauge driving a forecast: one at its own Siaga 3, else the one the forecast says
 * rose most. A gauge with upstream links whose crossing no reason of its own explains (no rise of
 * its own, no rain) is warned from upstream too: that is where its water comes from.
 */
function drivingUpstream(ctx: DetectorContext, forecast: Forecast): Sensor | null {
  let best: Sensor | null = null;
  let bestRise = 0;
  for (const u of ctx.upstream) {
    if (u.flood && ctx.level(u.id) >= u.flood.siaga3) return u;
    const rise = forecast.reasons.find((r) => r.kind === 'upstream' && r.sensorId === u.id)?.amount ?? 0;
    if (rise > bestRise) [best, bestRise] = [u, rise];
  }
  if (best || ctx.upstream.length === 0) return best;
  const ownReason = forecast.reasons.some((r) => r.kind === 'rain' || (r.kind === 'trend' && r.amount > 0));
  return ownReason ? null : ctx.upstream[0];
}

/**
 * The crossing to warn of: the forecaster's own (central forecast), or with bandFraction > 0 the
 * time the blended path between centre and high edge reaches the next Siaga level.
 */
function warnedCrossing(f: Forecast, sensor: Sensor, bandFraction: number): ForecastCrossing | null {
  if (bandFraction <= 0 || !sensor.flood) return f.crossing;
  const next = nextSiagaAbove(f.levelCm, sensor.flood);
  if (!next) return null;
  const at = firstReach(f.ts, f.levelCm, f.points, bandFraction, next.cm);
  if (at === null) return null;
  if (f.crossing && f.crossing.level === next.level) return { ...f.crossing, at: Math.min(f.crossing.at, Math.round(at)) };
  const earliest = firstReach(f.ts, f.levelCm, f.points, HIGH_EDGE, next.cm) ?? at;
  return { level: next.level, at: Math.round(at), earliest: Math.round(Math.min(at, earliest)), latest: null };
}

/**
 * A re-crossing of a level the gauge stood at within this long is the same flood: flood_level
 * speaks for it, and a "expected at Siaga 3" while the water recedes around the line is noise.
 */
export const SAME_FLOOD_MS = 6 * 3_600_000;

/**
 * Per gauge, shared by rate_of_rise and upstream_warning (both hold the gauge's context): the
 * verdict for the current reading, computed once, and what makes it stable. Who warns (the gauge's
 * own rule or upstream_warning) is decided when a warning starts and kept while it lasts: deciding
 * per reading flipped one flood between the two rules and raised both.
 */
interface GaugeWarningState {
  /** The reading the cached result is for, and the result. */
  ts: number;
  result: ForecastVerdict;
  /** The last real verdict: warning or not, and who gave it (a held reading changes neither). */
  warning: boolean;
  upstream: Sensor | null;
  /** Last time the gauge stood at or above Siaga 3, 2, 1 (index 0, 1, 2). */
  above: [number, number, number];
  /** The last warning the forecast itself gave, and the highest level since the warning began. */
  last: ForecastWarning | null;
  peak: number;
  start: number;
  /** Readings the forecast itself warned on since the warning began. */
  warned: number;
  /** The gauge's last level and usual step between readings (cm; as flood_level learns it). */
  level: number;
  step: number;
}
const STATES = new WeakMap<DetectorContext, GaugeWarningState>();

function stateOf(ctx: DetectorContext): GaugeWarningState {
  let st = STATES.get(ctx);
  if (!st) STATES.set(ctx, (st = { ts: NaN, result: undefined, warning: false, upstream: null, above: [-Infinity, -Infinity, -Infinity], last: null, peak: NaN, start: NaN, warned: 0, level: NaN, step: NaN }));
  return st;
}

function noteLevel(st: GaugeWarningState, sensor: Sensor, ts: number, levelCm: number): void {
  const step = Math.abs(levelCm - st.level);
  if (!Number.isNaN(step)) st.step = Number.isNaN(st.step) ? step : st.step + STEP_ALPHA * (step - st.step);
  st.level = levelCm;
  if (st.warning) st.peak = Math.max(st.peak, levelCm);
  const t = sensor.flood;
  if (!t) return;
  if (levelCm >= t.siaga3) st.above[0] = ts;
  if (levelCm >= t.siaga2) st.above[1] = ts;
  if (levelCm >= t.siaga1) st.above[2] = ts;
}

function evaluate(ctx: DetectorContext, st: GaugeWarningState, ts: number, o: ForecastWarningOptions): ForecastVerdict {
  const forecast = ctx.forecast();
  if (!forecast || forecast.confidence < o.minConfidence) return undefined;
  if (forecast.ts !== ts) return HELD;
  noteLevel(st, ctx.sensor, ts, forecast.levelCm);
  // Hysteresis: a warning holds while the band's high edge reaches the level within 1.5 horizons
  // (a forecast of "in 115 min", then "in 125 min" is one warning, not two).
  const holding = st.warning;
  const c = warnedCrossing(forecast, ctx.sensor, holding ? 1 : o.bandFraction);
  if (!c || c.at - ts > (holding ? 1.5 : 1) * o.horizonMin * 60_000 || ts - st.above[3 - c.level] < SAME_FLOOD_MS) return holdWarning(st, forecast);
  // Who warns is kept from the reading before while the warning lasts.
  const upstream = st.warning ? st.upstream : drivingUpstream(ctx, forecast);
  if (!holding) [st.peak, st.start, st.warned] = [forecast.levelCm, forecast.levelCm, 0];
  st.warned++;
  st.last = { forecast, crossing: c, upstream };
  return st.last;
}

/**
 * A warning whose forecast no longer reaches the level holds, with its last crossing, while the
 * wave has not passed: the warned level not reached, and the water not receded from its highest
 * level since the warning began by more than its noise (flood_level's deadband) and half of the
 * rise. On real rivers the forecast of a rising or hovering river wavers for an hour at a time
 * (rain pausing, an upstream plateau), and every such lull resolved the warning and raised it
 * again (bench:rivers: 6 of 85 forecast-warning episodes got two alerts). A flood that recedes
 * gives its rise back; one that gave back less than half is pausing or sending a second pulse.
 */
function holdWarning(st: GaugeWarningState, forecast: Forecast): ForecastVerdict {
  // A warning of one reading is no warning yet (the policy raises on two): nothing to hold.
  const last = st.warning && st.warned >= HOLD_MIN_READINGS ? st.last : null;
  if (!last || forecast.ts - st.above[3 - last.crossing.level] < SAME_FLOOD_MS) return null;
  if (forecast.levelCm < st.peak - Math.max(floodDeadbandCm(st.step), HOLD_RISE_SHARE * (st.peak - st.start))) return null;
  return { forecast, crossing: last.crossing, upstream: last.upstream };
}

const HOLD_MIN_READINGS = 2;
/** A warned rise that gave back more than this share is receding; less is a pause or a second pulse. */
const HOLD_RISE_SHARE = 0.5;
/** Weight of a new step in the usual step (as flood_level's). */
const STEP_ALPHA = 0.1;

/** The forecaster held this reading as a glitch (a jump its gauge cannot make): no verdict, nothing changes. */
export const HELD = 'held';
export type ForecastVerdict = ForecastWarning | null | undefined | typeof HELD;

/**
 * The gauge's forecast warning for the reading at `ts`: undefined when no forecast is usable (none
 * yet, or not confident: rules fall back), HELD when the forecaster held this reading (rules say
 * nothing, and who warns stays as it was: a spike once handed an open warning from rate_of_rise to
 * upstream_warning), null when it warns of nothing, else the warning and who gives it.
 */
export function forecastWarning(ctx: DetectorContext | undefined, ts: number, o: ForecastWarningOptions): ForecastVerdict {
  if (!ctx) return undefined;
  const st = stateOf(ctx);
  if (st.ts === ts) return st.result;
  const result = evaluate(ctx, st, ts, o);
  [st.ts, st.result] = [ts, result];
  if (result !== HELD) [st.warning, st.upstream] = [!!result, result ? result.upstream : null];
  return result;
}


/** Expected rise (cm/h) over the forecast's first hour: the alert's value. */
export function expectedRatePerH(f: Forecast): number {
  const p = f.points.find((x) => x.horizonMin === 60) ?? f.points[0];
  if (!p) return 0;
  return Math.round(((p.levelCm - f.levelCm) / ((p.at - f.ts) / 3_600_000)) * 10) / 10;
}

function reasonText(r: ForecastReason, ctx: DetectorContext): Text | null {
  const amount = formatNumberText(Math.abs(r.amount));
  if (r.kind === 'rain') return { id: `hujan ${amount.id} mm/jam`, en: `${amount.en} mm/h of rain` };
  const verb = r.amount >= 0 ? { id: 'naik', en: 'rose' } : { id: 'turun', en: 'fell' };
  const who = r.kind === 'upstream' && r.sensorId ? ctx.name(r.sensorId) : ctx.sensor.name;
  return { id: `${who} ${verb.id} ${amount.id} cm dalam ${r.minutes} menit terakhir`, en: `${who} ${verb.en} ${amount.en} cm in the last ${r.minutes} minutes` };
}

/** How this gauge's 60-min forecasts held up lately (its track record), so staff can weigh the warning. */
export function recordText(f: Forecast): Text {
  const skill = f.points.find((p) => p.horizonMin === 60)?.skill;
  if (skill === undefined) return { id: 'ketepatan pos ini belum dapat dinilai', en: "this gauge's track record is not known yet" };
  // the sign of what is said, not of the raw number: -0.004 is "0 % better", never "0 % worse"
  const rounded = Math.round(skill * 100);
  const pct = Math.abs(rounded);
  return rounded >= 0
    ? {
        id: `prakiraan 60 menit pos ini beberapa minggu terakhir, saat muka air naik atau turun: kesalahannya ${pct} % lebih kecil daripada jika muka air dianggap tetap`,
        en: `this gauge's 60-min forecasts in recent weeks, when the water rose or fell: error ${pct} % smaller than assuming the level stays the same`
      }
    : {
        id: `prakiraan 60 menit pos ini beberapa minggu terakhir, saat muka air naik atau turun: kesalahannya ${pct} % lebih besar daripada jika muka air dianggap tetap`,
        en: `this gauge's 60-min forecasts in recent weeks, when the water rose or fell: error ${pct} % larger than assuming the level stays the same`
      };
}

/** "Benanga rose 35 cm in the last 60 minutes; 40 mm/h of rain", in both languages. */
export function reasonsText(f: Forecast, ctx: DetectorContext): Text {
  const parts = f.reasons.map((r) => reasonText(r, ctx)).filter((t): t is Text => t !== null);
  if (parts.length === 0) return { id: 'tren muka air pos ini', en: "the gauge's own trend" };
  return { id: parts.map((p) => p.id).join('; '), en: parts.map((p) => p.en).join('; ') };
}

/**
 * What a warning's texts say of its crossing, all read from the published forecast so that the
 * alert, the sensor page and the wall tile give the same times: `at` when the central forecast
 * reaches the warned level, `earliest` when the top of its band does. The warning itself may rest
 * on the cautious path between the two (warnedCrossing): that decides whether to warn, not what
 * time to say.
 */
export interface StatedCrossing {
  variant: ForecastVariant;
  level: 1 | 2 | 3;
  thresholdCm: number;
  /** Null when the central forecast stays below (variant 'possible' or 'held'). */
  at: number | null;
  /** Null when even the band's top stays below (variant 'held'). */
  earliest: number | null;
}

export function statedCrossing(w: ForecastWarning, t: FloodThresholds): StatedCrossing {
  const f = w.forecast;
  const level = w.crossing.level;
  const thresholdCm = siagaThresholdCm(level, t);
  const own = f.crossing && f.crossing.level === level ? f.crossing : null;
  const centre = own ? own.at : firstReach(f.ts, f.levelCm, f.points, CENTRE, thresholdCm);
  const high = own ? own.earliest : firstReach(f.ts, f.levelCm, f.points, HIGH_EDGE, thresholdCm);
  const at = centre === null ? null : Math.round(centre);
  const earliest = high === null ? at : Math.round(Math.min(high, at ?? high));
  return { variant: at !== null ? 'expected' : earliest !== null ? 'possible' : 'held', level, thresholdCm, at, earliest };
}

/** The time a warning's title names (the one to refresh an open alert by): the expected one, else the earliest. */
export function statedTime(s: StatedCrossing): number | undefined {
  return s.at ?? s.earliest ?? undefined;
}

/** Placeholders of the forecast texts in texts-flood.ts (FORECAST_TEXTS), for the crossing as stated (`frozen`: readingNotes). */
export function forecastParams(w: ForecastWarning, ctx: DetectorContext, s: StatedCrossing, shift = 0, frozen = NaN): TextParams {
  const f = w.forecast;
  const h = (min: number) => formatNumber(f.points.find((p) => p.horizonMin === min)?.levelCm ?? f.levelCm);
  const minutes = (at: number | null) => (at === null ? '…' : Math.max(0, Math.round((at - f.ts) / 60_000)));
  const earliest = s.earliest === null ? '…' : witaClock(s.earliest);
  const earliestMinutes = minutes(s.earliest);
  // the earliest is worth a word only when it is another minute than the expected time (title and explanation alike)
  const sayEarliest = s.earliest !== null && s.at !== null && earliest !== witaClock(s.at);
  const early = (t: Text) => (sayEarliest ? formatText(t, { earliest, earliestMinutes }) : '');
  return {
    name: ctx.sensor.name,
    next: s.level,
    at: s.at === null ? '…' : witaClock(s.at),
    earliest,
    earliestNote: early(FORECAST_EARLIEST.note),
    earliestClause: early(FORECAST_EARLIEST.clause),
    minutes: minutes(s.at),
    earliestMinutes,
    value: formatNumber(f.levelCm),
    // f is on the Siaga levels' datum, as the rules read the level (less `shift`): the gauge's chart shows the raw readings
    stepNote: readingNotes(f.levelCm + shift, shift, frozen),
    h60: h(60),
    h120: h(120),
    threshold: s.thresholdCm,
    reasons: reasonsText(f, ctx),
    confidence: Math.round(f.confidence * 100),
    record: recordText(f),
    upstream: w.upstream ? w.upstream.name : ''
  };
}

/** What every forecast warning's finding takes from its crossing as stated: the time its title names, and its texts. */
export function forecastFindingTexts(rule: ForecastRule, w: ForecastWarning, ctx: DetectorContext): Pick<ActiveFindingInput, 'expectedAt' | 'suspectReadings' | 'params' | 'format' | 'formatLate'> {
  const s = statedCrossing(w, ctx.sensor.flood!);
  // as of the reading the finding is made at: its texts are made later
  const [shift, frozen] = [ctx.datumShift?.() ?? 0, ctx.frozenSince?.() ?? NaN];
  return {
    expectedAt: statedTime(s),
    suspectReadings: !Number.isNaN(frozen),
    params: () => forecastParams(w, ctx, s, shift, frozen),
    format: (_rule, kind, level, params) => formatForecastTexts(rule, s.variant, kind, level, params),
    // a time passed without the crossing is not stated as still ahead (Finding.late); 'held' states none
    formatLate: s.variant === 'held' ? undefined : (params) => formatForecastTexts(rule, s.variant === 'expected' ? 'late' : 'possibleLate', '', 0, params)
  };
}
