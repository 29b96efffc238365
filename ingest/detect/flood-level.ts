import type { AlertSeverity, Finding, Text } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import { SIAGA_LEVELS, siagaLevel, siagaThresholdCm, type SiagaLevel } from '../../src/lib/core/flood-levels';
import type { FloodThresholds, Sensor } from '../../src/lib/core/sensor';
import { createActiveFinding, quietFinding, type SizedSensorDetector } from './finding';
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';
import { formatNumber, readingNotes } from './texts';
import type { DetectorContext, RuleDetector } from './context';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_FLOOD_LEVEL = quietFinding('flood_level', 'emergency');

/**
 * A level is left only once the water is this far below its threshold, so that a gauge hovering
 * at 200 ± 1 cm around the Siaga 3 line does not open and close alerts every minute…
 */
export const FLOOD_DEADBAND_CM = 2;
/**
 * …and at least this many of the gauge's usual steps between readings: a fixed 2 cm is below the
 * reading-to-reading noise of many real gauges, so a river standing at its Siaga 3 line ± 8 cm
 * (Le Tech at Arles, Argelès) or ± 2 cm (L'Aude at Coursan) left and re-entered the level and
 * raised a new alert an hour later (bench:rivers: 4 of 66 flood_level episodes got two alerts).
 */
export const FLOOD_DEADBAND_STEPS = 3;

/**
 * …and at least this share of the smallest step between the gauge's Siaga levels: the operator set
 * those levels a meaningful change apart, so a dip of a fraction of one is not leaving the level
 * (Le Tech at Le Boulou stood 3–6 cm under its line for 70 minutes at Siaga steps of 40 cm).
 */
export const FLOOD_DEADBAND_LEVEL_SHARE = 0.25;

/** The deadband (cm) of a gauge whose usual step between readings is `usualStepCm` (NaN: unknown), with `t` its Siaga levels. */
export function floodDeadbandCm(usualStepCm: number, t?: FloodThresholds): number {
  const noise = Number.isNaN(usualStepCm) ? 0 : FLOOD_DEADBAND_STEPS * usualStepCm;
  const levels = t ? FLOOD_DEADBAND_LEVEL_SHARE * Math.min(t.siaga2 - t.siaga3, t.siaga1 - t.siaga2) : 0;
  return Math.max(FLOOD_DEADBAND_CM, noise, levels);
}

/**
 * The fastest rise (cm per minute) a gauge here can plausibly show between two readings, and the
 * jump allowed whatever the gap. The simulator's demo flood rises 20 cm/min; a reading 250 cm above
 * the one before it a minute earlier is a sensor fault until the next reading confirms it.
 */
export const FLOOD_MAX_RISE_CM_PER_MIN = 30;
export const FLOOD_MIN_JUMP_CM = 30;
/**
 * A jump is also held when it is this many times the gauge's usual step between readings: at
 * 10-minute readings the rate bound alone let a 250 cm spike on a dry road gauge through as Siaga 1
 * (bench:scenarios --interval-s 600, fault-spike).
 */
export const FLOOD_STEP_FACTOR = 6;
const STEP_ALPHA = 0.1;
/** A jump over a held jump confirms it when it rises at most this many times as much (FloodLevelSensor.#risesOn). */
export const FLOOD_RISE_STEP_RATIO = 2;

/**
 * Whether going from `fromCm` to `toCm` in `dtMs` is a rise no river makes (unconfirmed: hold it):
 * more than 30 cm/min, or more than 6 × the gauge's usual step (`usualStepCm`, unknown: Infinity),
 * never less than 30 cm.
 */
export function isImplausibleRise(fromCm: number, toCm: number, dtMs: number, usualStepCm = Infinity): boolean {
  const bound = Math.min((FLOOD_MAX_RISE_CM_PER_MIN * dtMs) / 60_000, FLOOD_STEP_FACTOR * usualStepCm);
  return toCm - fromCm > Math.max(FLOOD_MIN_JUMP_CM, bound);
}

// the core's, so that the wall's flood tile reads the same threshold a warning states
export { siagaThresholdCm };

/** Alert level for a Siaga number: 1 = Siaga 3 … 3 = Siaga 1 (bigger is worse), 0 = normal. */
export function alertLevelOfSiaga(siaga: number): number {
  return siaga >= 4 ? 0 : 4 - siaga;
}

export function severityOfFloodLevel(level: number): AlertSeverity {
  return level >= 2 ? 'critical' : level === 1 ? 'warning' : 'info';
}

export function siagaText(siaga: number): { id: string; en: string } {
  return { id: `Siaga ${siaga}`, en: `Level ${siaga}` };
}

/** Next level with the deadband: worse levels count at once, better ones only `deadbandCm` below the line. */
export function nextSiagaWithDeadband(current: SiagaLevel, waterLevelCm: number, t: FloodThresholds, deadbandCm = FLOOD_DEADBAND_CM): SiagaLevel {
  const raw = siagaLevel(waterLevelCm, t);
  if (raw.siaga < current.siaga) return raw;
  const lenient = siagaLevel(waterLevelCm + deadbandCm, t);
  return lenient.siaga > current.siaga ? lenient : current;
}

/**
 * `keepsOnly`: a level held over a fall not yet confirmed (Finding.keepsOnly); `note`: the level judged is not the level
 * read, or the gauge repeats a frozen jump's value (readingNotes), `suspect` in the second case (Finding.suspectReadings).
 */
function levelFinding(sensor: Sensor, t: FloodThresholds, current: SiagaLevel, wl: number, keepsOnly = false, note: Text | string = '', suspect = false): Finding {
  if (current.siaga === 4) return QUIET_FLOOD_LEVEL;
  const siaga = current.siaga;
  const level = alertLevelOfSiaga(siaga);
  return createActiveFinding({
    rule: 'flood_level',
    category: 'emergency',
    kind: 'flood',
    severity: severityOfFloodLevel(level),
    level,
    value: wl,
    keepsOnly,
    suspectReadings: suspect,
    params: () => ({ name: sensor.name, value: formatNumber(wl), siaga: siagaText(siaga), threshold: siagaThresholdCm(siaga, t), stepNote: note })
  });
}

/** flood_level for one gauge; its numbers live in a shared slab (state-arena.ts). */
class FloodLevelSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #t: FloodThresholds;
  readonly #ctx: DetectorContext | undefined;
  readonly #f: Float64Array;
  /** From #b: index in SIAGA_LEVELS, accepted level, last level, last ts, usual |step| (cm), the datum shift they are on. */
  readonly #b: number;

  constructor(sensor: Sensor, t: FloodThresholds, ctx?: DetectorContext) {
    [this.#sensor, this.#t, this.#ctx] = [sensor, t, ctx];
    const { slab, byteOffset } = allocState(48);
    [this.#f, this.#b] = [slab.f64, byteOffset / 8];
    this.#f.fill(NaN, this.#b + ACCEPTED_WL, this.#b + 5);
  }

  /** Learns the usual step from an accepted reading (the one before it was accepted too). */
  #learnStep(wl: number): void {
    const [st, b] = [this.#f, this.#b];
    const last = st[b + ACCEPTED_WL];
    if (Number.isNaN(last)) return;
    const step = Math.abs(wl - last);
    st[b + USUAL_STEP] = Number.isNaN(st[b + USUAL_STEP]) ? step : st[b + USUAL_STEP] + STEP_ALPHA * (step - st[b + USUAL_STEP]);
  }

  /**
   * Whether `wl` fell further from the last accepted level than a river falls (the mirror of a held rise) and is not yet
   * a confirmed fall: a dropout or a spike down. Its steps are not the gauge's usual step: a burst of them made that step
   * 50 cm, the next spike up passed as Siaga 1 and the deadband kept it for hours (bench:rivers-faults spike-burst); a
   * 2-h dropout to 0 learned its 200 cm fall at its second 0 and widened the deadband for hours after it.
   * A fall is confirmed once the reading before fell too and this one moves on from it by a river's step (nonzero and
   * no jump either way): a gate opening that drops a river 80 cm counts at its second reading, while a dropout sits at
   * one value (0, or the logger's error code) and stays held for as long as it lasts. A river that really stands still
   * after such a fall is accepted at its first move. A held fall teaches nothing, so the step back up from a dropout is
   * measured from the level before it, not learned as a 200 cm step, and it lowers no Siaga level (observe): a gauge that
   * dropped to 0 during a flood lowered its alert at once and let it close, an all-clear while the river stood at Siaga 2.
   */
  #unconfirmedFall(wl: number, dtMs: number, usualStepCm: number): boolean {
    const [accepted, last] = [this.#f[this.#b + ACCEPTED_WL], this.#f[this.#b + LAST_WL]];
    if (!isImplausibleRise(wl, accepted, dtMs, usualStepCm)) return false;
    const movesOn = wl !== last && !isImplausibleRise(wl, last, dtMs, usualStepCm) && !isImplausibleRise(last, wl, dtMs, usualStepCm);
    return !(isImplausibleRise(last, accepted, dtMs, usualStepCm) && movesOn);
  }

  /**
   * Accepts `wl` as the gauge's level and learns its step, unless it is an implausible fall from the accepted level not
   * yet confirmed (#unconfirmedFall): that teaches nothing. A confirmed one learns only its step from the reading before.
   * Call before LAST_WL/LAST_TS move on to `wl`.
   */
  #accept(wl: number, ts: number): void {
    const [st, b] = [this.#f, this.#b];
    const usual = Number.isNaN(st[b + USUAL_STEP]) ? Infinity : st[b + USUAL_STEP];
    const dt = ts - st[b + LAST_TS];
    if (this.#unconfirmedFall(wl, dt, usual)) return;
    // a confirmed fall: its step is the one from the reading before, not the fall itself
    if (isImplausibleRise(wl, st[b + ACCEPTED_WL], dt, usual)) st[b + ACCEPTED_WL] = st[b + LAST_WL];
    this.#learnStep(wl);
    st[b + ACCEPTED_WL] = wl;
  }

  /**
   * Whether `wl`, itself a jump over the reading before, goes on a rise that reading began: the reading before was
   * held (a jump over the accepted level) and this one rises on from it by a step like that one (positive, at most
   * `FLOOD_RISE_STEP_RATIO` times it). Holding it again would hold every reading of a sustained fast rise, each a jump
   * over the last held one: an hourly gauge rising 35–40 cm/h gave no alert until the rise slowed, 5 h after Siaga 3.
   * A spike up far above an earlier one is not its confirmation; a rise that speeds up counts one reading later.
   */
  #risesOn(wl: number, dtMs: number, usualStepCm: number): boolean {
    const [st, b] = [this.#f, this.#b];
    const [accepted, last] = [st[b + ACCEPTED_WL], st[b + LAST_WL]];
    if (Number.isNaN(accepted) || !isImplausibleRise(accepted, last, dtMs, usualStepCm)) return false;
    const [first, second] = [last - accepted, wl - last];
    return second > 0 && second <= FLOOD_RISE_STEP_RATIO * first;
  }

  /**
   * The datum shift changed (sensor-step.ts): a suspected step that the reading after it showed to be water (a flash
   * flood going on rising) moves the last level with it when `wl` goes on from there, and the jump's reading stands as a
   * held jump over the accepted level, as without the suspicion (#risesOn: an hourly gauge's sustained rise counts at
   * its second jump); a step that came back (a spike) or a datum step undone moves nothing.
   */
  #rebase(shift: number, wl: number): void {
    const [st, b] = [this.#f, this.#b];
    const moved = st[b + SHIFT] - shift;
    if (moved === 0) return;
    st[b + SHIFT] = shift;
    const last = st[b + LAST_WL];
    if (Number.isNaN(last) || !(Math.abs(wl - last - moved) < Math.abs(wl - last))) return;
    st[b + LAST_WL] += moved;
  }

  observe(reading: Reading): Finding | null {
    const read = reading.values.water_level;
    if (read === undefined) return null;
    // on the Siaga levels' datum: less a level step sensor_step suspects (no emergency on the jump alone, sensor-step.ts)
    const shift = this.#ctx?.datumShift?.() ?? 0;
    const wl = read - shift;
    this.#rebase(shift, wl);
    const [t, st, b] = [this.#t, this.#f, this.#b];
    const current = SIAGA_LEVELS[st[b + CURRENT]];
    // Normal and staying below Siaga 3: nothing can be held or raised (the common reading).
    if (current.siaga === 4 && wl < t.siaga3) {
      this.#accept(wl, reading.ts);
      st[b + LAST_WL] = wl;
      st[b + LAST_TS] = reading.ts;
      return QUIET_FLOOD_LEVEL;
    }
    const next = nextSiagaWithDeadband(current, wl, t, floodDeadbandCm(st[b + USUAL_STEP], t));
    const lastWl = st[b + LAST_WL];
    const usual = Number.isNaN(st[b + USUAL_STEP]) ? Infinity : st[b + USUAL_STEP];
    const dt = reading.ts - st[b + LAST_TS];
    const heldRise = next.siaga < current.siaga && !Number.isNaN(lastWl) && isImplausibleRise(lastWl, wl, dt, usual) && !this.#risesOn(wl, dt, usual);
    // the mirror: a fall no river makes, not yet confirmed (a dropout to 0 or to a logger's sentinel, a spike down) keeps
    // the level, and the alert, where the last accepted reading put it
    const heldFall = next.siaga > current.siaga && this.#unconfirmedFall(wl, dt, usual);
    if (!heldRise) {
      if (!heldFall) st[b + CURRENT] = 4 - next.siaga;
      this.#accept(wl, reading.ts);
    }
    st[b + LAST_WL] = wl;
    st[b + LAST_TS] = reading.ts;
    // a held fall keeps an open alert but raises none: after a person closed the alert during a dropout, the reading back
    // at 150 cm raised a new Siaga 2 alert with the level from before the dropout (226 cm) as its value
    const frozen = this.#ctx?.frozenSince?.() ?? NaN;
    const [note, suspect] = [readingNotes(read, shift, frozen), !Number.isNaN(frozen)];
    if (heldRise || heldFall) return levelFinding(this.#sensor, t, current, st[b + ACCEPTED_WL], heldFall, note, suspect);
    return levelFinding(this.#sensor, t, next, wl, false, note, suspect);
  }

  stateBytes(): number {
    return 48 + BYTES_PER_SMALL_OBJECT;
  }
}

const CURRENT = 0;
const ACCEPTED_WL = 1;
const LAST_WL = 2;
const LAST_TS = 3;
const USUAL_STEP = 4;
const SHIFT = 5;

/**
 * Siaga of the gauge's water level. One reading is enough (Siaga 2 raises at once in the policy)
 * when it is a rise a river can make from the reading before; an implausible jump to a worse
 * level is held for one reading (sensor_spike judges it), and counts when the next reading stays up
 * (or rises on from it by a like step: a sustained fast rise). An implausible fall to a better level is held until the
 * gauge moves on from it by a river's step (#unconfirmedFall): a dropout's zeros lower nothing.
 * The first reading after start has nothing to compare with and counts.
 */
export const floodLevelDetector: Detector & RuleDetector = {
  rule: 'flood_level',
  kinds: ['flood'],
  create: (sensor: Sensor, ctx?: DetectorContext) => (sensor.flood ? new FloodLevelSensor(sensor, sensor.flood, ctx) : null)
};
