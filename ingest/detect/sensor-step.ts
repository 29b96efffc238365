import type { Alert, Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import type { Sensor } from '../../src/lib/core/sensor';
import type { DetectorContext, RuleDetector } from './context';
import type { SizedSensorDetector } from './finding';
import { isImplausibleRise } from './flood-level';
import { advanceRun, calmFade } from './sensor-calm';
import { isDropoutStep } from './sensor-dropout';
import { STUCK_RUN } from './sensor-faults';
import { frozenHeld, frozenJumpFinding, isFrozenJump } from './sensor-step-frozen';
import { datumStepFinding } from './sensor-step-finding';
import { AFTER, BEFORE, CALM, DRIFT, FROZEN, FROZEN_TS, JUMP, JUMP_DRIFT, JUMP_LEVEL, JUMP_TS, JUMP_USUAL, LAST, LAST_TS, MOVED, RUN, RUN_LAST, SEEN, SHIFT, SHIFT_TS, SPACING, STEP_NUMBERS as NUMBERS, USUAL, WATCH, resumeStep } from './sensor-step-state';
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';

/**
 * sensor_step: a water gauge's datum step. A logger re-installed, its zero re-set or its sensor
 * replaced moves every reading from then on by the same amount: one jump between two readings far
 * beyond the gauge's usual step, after which the series goes on with its usual variation around the
 * new level. Unlike a spike it does not come back; unlike a flood front it does not go on rising.
 * Read against the catalog's Siaga levels (set on the old datum), a step up of 50–150 cm raised
 * flood emergencies for weeks and a step down hid real crossings (bench:rivers-faults offset-up,
 * offset-down: 15 new false emergencies, 6 crossings fewer warned, none of the 12 flagged).
 *
 * The jump is the one flood_level holds (isImplausibleRise, either way: more than 30 cm and more than
 * 6 × the gauge's usual step, learnt here from its ordinary steps). From that reading on the step is
 * *suspected*: datumShift() says it, and the flood rules and the river forecaster read the level less
 * it (no emergency on the jump alone). Each following reading must stay within the gauge's usual
 * variation of the jump's level; the suspicion ends, and the water counts as it reads again, as soon
 * as one does not: the water goes on moving the jump's way (a flood front: at once, no delay), falls
 * back more than the river was already falling (a spike, a burst), reads exactly 0 (a dropout), or
 * an upstream gauge stands at its own Siaga 3 or rain falls on this one (water is coming). After
 * STEP_CONFIRM_READINGS readings that did stay, the step counts as the gauge's new datum: a
 * maintenance alert says so until a step back undoes it (the logger fixed) or a person resolves it.
 * Only a step down goes on being read away meanwhile (it can only raise the level judged); a step up
 * is held from the flood rules for at most STEP_CONFIRM_READINGS readings and STEP_HOLD_MS (datumShift), unless every
 * reading since has repeated its value exactly, beyond the gauge's calm: a logger failed to one value, held up to
 * STEP_FROZEN_HOLD_MS from the jump with a maintenance finding of its own (sensor-step-frozen.ts).
 * A changed threshold does not re-create this rule (RULE_INPUTS), and a re-created one takes its open
 * alert's step back (resume): Siaga levels moved down by a step down, the alert left open, read it
 * away twice, which warns early, never late.
 *
 * The trade-off: a datum step up across a Siaga level raises flood alerts once the hold is over,
 * beside this maintenance alert: a sluice or dam release or a levee breach jumps and then stands as
 * flat, mostly where no rain gauge and no upstream gauge could tell them apart, and read less the step
 * it was never warned of (sensor-step-safety.test.ts).
 */

/** Readings after the jump that must stay at its level before the step counts as a datum step. */
export const STEP_CONFIRM_READINGS = 3;
/**
 * "Its usual variation": after k readings the level may have moved STEP_BAND_STEPS × √k usual steps
 * from the jump's level (a random walk of the usual step), and never less than STEP_BAND_SHARE of
 * the jump (the gauge's resolution and a quiet river's few mm are no measure of a 100 cm step).
 */
export const STEP_BAND_STEPS = 4;
export const STEP_BAND_SHARE = 0.05;
/**
 * Readings after the jump during which a step taken for a datum step is still withdrawn (the level read as it reads
 * again) when the water leaves the band the jump's way, comes back to the old level, or meets rain or an upstream
 * Siaga 3: a jump followed by a rise of 1 cm per 10 min, within the usual variation at first, was never warned of.
 */
export const STEP_WATCH_READINGS = 6 * STEP_CONFIRM_READINGS;
/** Back within this share of the jump from the level before it: the step came back (a long spike, a logger reset). */
export const STEP_RETURN_SHARE = 0.25;
/** A gap longer than this many of the sensor's intervals is no step. */
export const STEP_GAP_INTERVALS = 3;
/**
 * The longest a suspected step up is held from the flood rules (and STEP_CONFIRM_READINGS readings at most): an hourly
 * gauge's flood front that arrives in one reading is warned of at the next reading, as flood_level alone would.
 */
export const STEP_HOLD_MS = 30 * 60_000;
/** The drift (EWMA of signed steps) against the usual step beyond which the river counts as already moving one way. */
export const STEP_TREND_SHARE = 0.5;
/** As the spike rule learns its field's usual step (EWMA of |Δ|, and of Δ for the river's drift). */
const ALPHA = 0.1;
/** Ordinary steps learnt before a jump can be judged against them. */
const MIN_STEPS = 10;

class StepSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #ctx: DetectorContext | undefined;
  readonly #f: Float64Array;
  readonly #b: number;
  /** The calm's fading per reading (sensor-calm.ts). */
  readonly #fade: number;

  constructor(sensor: Sensor, ctx: DetectorContext | undefined) {
    const { slab, byteOffset } = allocState(8 * NUMBERS);
    [this.#sensor, this.#ctx, this.#f, this.#b, this.#fade] = [sensor, ctx, slab.f64, byteOffset >> 3, calmFade(sensor.intervalS)];
    this.#f.fill(NaN, this.#b, this.#b + NUMBERS);
    [this.#f[this.#b + SEEN], this.#f[this.#b + SHIFT], this.#f[this.#b + RUN], this.#f[this.#b + CALM]] = [0, 0, 0, 0];
  }

  /**
   * cm the flood rules read the level less: a suspected jump for the few readings it is judged (a bounded hold, either
   * way), and a step taken for a datum step only where it reads low (a step down hides floods). Where it reads high
   * the level counts as it reads once the hold is over: a sluice release that jumps 80 cm and stands is the same series
   * as a logger re-set 80 cm high, and a false alarm the maintenance alert explains costs less than a flood not warned.
   */
  datumShift(): number {
    const [st, b] = [this.#f, this.#b];
    const jump = st[b + JUMP];
    // a step up is held at most STEP_CONFIRM_READINGS readings and STEP_HOLD_MS, however it goes on (flat or not), and a
    // frozen one (its value repeated exactly since) up to STEP_FROZEN_HOLD_MS, ending before sensor_stuck may distrust it
    const held = jump < 0 || this.#heldAsJump(st[b + AFTER], st[b + LAST_TS]) || this.#frozenHeld();
    return Math.min(0, st[b + SHIFT]) + (Number.isNaN(jump) || !held ? 0 : jump);
  }

  /** Whether a frozen jump is still held from the flood rules (sensor-step-frozen.ts frozenHeld). */
  #frozenHeld(): boolean {
    const [st, b] = [this.#f, this.#b];
    return st[b + FROZEN] === 1 && frozenHeld(st[b + LAST_TS] - st[b + JUMP_TS], st[b + RUN]);
  }

  /** When the frozen jump whose value the gauge still reads came, its hold over or released (NaN: none, or held). */
  frozenSince(): number {
    return this.#frozenHeld() ? NaN : this.#f[this.#b + FROZEN_TS];
  }

  /** Whether a jump up `k` readings ago, the last at `ts`, is still within the hold of every jump. */
  #heldAsJump(k: number, ts: number): boolean {
    return k < STEP_CONFIRM_READINGS && ts - this.#f[this.#b + JUMP_TS] < STEP_HOLD_MS;
  }

  /** Takes up the rule's alert: restored at start, handed over, or a person's (sensor-step-state.ts resumeStep). */
  resume(alert: Alert): void {
    resumeStep(this.#f, this.#b, alert);
  }

  observe(reading: Reading): Finding | null {
    const v = reading.values.water_level;
    if (v === undefined) return null;
    const [st, b] = [this.#f, this.#b];
    if (reading.ts <= st[b + LAST_TS]) return this.#finding();
    const [last, dt] = [st[b + LAST], reading.ts - st[b + LAST_TS]];
    if (advanceRun(st, b + RUN_LAST, 1, v, this.#fade, STUCK_RUN.water_level.ignoreZero)) st[b + FROZEN_TS] = NaN;
    // across a gap of several readings the river may have gone anywhere: neither a jump nor a usual step
    const gap = dt > STEP_GAP_INTERVALS * (this.#ctx?.intervalMs() ?? this.#sensor.intervalS * 1000);
    if (!Number.isNaN(st[b + JUMP])) this.#judge(v, reading.values.rainfall, dt, reading.ts);
    else if (!Number.isNaN(st[b + WATCH])) this.#watch(v, reading.values.rainfall, dt);
    else if (gap) st[b + BEFORE] = NaN;
    else if (this.#isJump(last, v, dt)) [st[b + JUMP], st[b + JUMP_TS], st[b + JUMP_LEVEL], st[b + AFTER], st[b + JUMP_USUAL], st[b + JUMP_DRIFT], st[b + MOVED], st[b + FROZEN]] = [v - last, reading.ts, v, 0, st[b + USUAL], st[b + DRIFT], 0, NaN];
    // a jump it does not suspect (a burst of spikes, the end of a bump) is not the usual step either (a burst made it
    // 100 cm), but it is where the river goes: a flood's big steps make its drift (a burst's cancel out)
    else if (!Number.isNaN(last) && !isDropoutStep('water_level', last, v, 0)) this.#learn(v - last, dt, !this.#implausible(last, v, dt));
    if (!gap) st[b + BEFORE] = last;
    [st[b + LAST], st[b + LAST_TS]] = [v, reading.ts];
    return this.#finding();
  }

  /**
   * A jump no river makes, from a reading the usual step away from the one before it: a jump at the end of a few
   * readings of fast rise is a flood front steepening, and one back to where a bump of a few readings began is its end.
   * Nor a jump the way the river was already going (its drift over the last readings at least STEP_TREND_SHARE of its
   * usual step): an hourly gauge rising +41, +15 then +58 cm was suspected at the 58 and its warning came an hour late.
   */
  #isJump(last: number, v: number, dtMs: number): boolean {
    const [st, b] = [this.#f, this.#b];
    const usual = st[b + USUAL];
    if (Number.isNaN(last) || st[b + SEEN] < MIN_STEPS || last === 0 || v === 0) return false;
    if (Math.sign(v - last) * st[b + DRIFT] >= STEP_TREND_SHARE * usual) return false;
    return this.#implausible(last, v, dtMs) && Math.abs(last - st[b + BEFORE]) <= this.#band(1, usual * this.#readings(dtMs), v - last);
  }

  /** A move either way that flood_level would hold as no river's (isImplausibleRise) at the usual step learnt here. */
  #implausible(from: number, to: number, dtMs: number): boolean {
    const usual = this.#f[this.#b + USUAL] * this.#readings(dtMs);
    return isImplausibleRise(from, to, dtMs, usual) || isImplausibleRise(to, from, dtMs, usual);
  }

  /** √ of how many learnt spacings `dtMs` spans (at least 1): how much further than one usual step the river may go. */
  #readings(dtMs: number): number {
    const spacing = this.#f[this.#b + SPACING];
    return Number.isNaN(spacing) || !(dtMs > spacing) ? 1 : Math.sqrt(dtMs / spacing);
  }

  /** How far the level may move in `k` readings at the usual step `usual` and still be its usual variation after `jump`. */
  #band(k: number, usual: number, jump: number): number {
    return Math.max(STEP_BAND_STEPS * Math.sqrt(k) * usual, STEP_BAND_SHARE * Math.abs(jump));
  }

  /**
   * Learns a usual step from `step` over `dtMs`, per reading at the spacing learnt with it: a gauge reconfigured from
   * 10-minute to hourly readings moves √6 times as far per reading (a random walk), and its hourly flood rises were
   * all suspected as jumps against its 10-minute step (bench:rivers-faults interval-60min).
   */
  #learn(step: number, dtMs: number, usual = true): void {
    const [st, b] = [this.#f, this.#b];
    step /= this.#readings(dtMs);
    if (!usual) {
      if (st[b + SEEN] > 0) st[b + DRIFT] += ALPHA * (step - st[b + DRIFT]);
      return;
    }
    st[b + SPACING] = Number.isNaN(st[b + SPACING]) ? dtMs : st[b + SPACING] + ALPHA * (dtMs - st[b + SPACING]);
    if (st[b + SEEN] === 0) [st[b + USUAL], st[b + DRIFT]] = [Math.abs(step), step];
    else [st[b + USUAL], st[b + DRIFT]] = [st[b + USUAL] + ALPHA * (Math.abs(step) - st[b + USUAL]), st[b + DRIFT] + ALPHA * (step - st[b + DRIFT])];
    st[b + SEEN] = Math.min(MIN_STEPS, st[b + SEEN] + 1);
  }

  /**
   * A reading at `ts` after a suspected jump: it stays at the jump's level (a datum step so far) or ends the suspicion. A
   * jump up whose value is repeated exactly to the end of its hold is judged once then (sensor-step-frozen.ts): frozen,
   * it is a logger's fault until a reading differs, else a value that never moves again is given up after a while
   * (sensor_stuck's, in the end).
   */
  #judge(v: number, rainfall: number | undefined, dtMs: number, ts: number): void {
    const [st, b] = [this.#f, this.#b];
    const [jump, k] = [st[b + JUMP], ++st[b + AFTER]];
    const stays = this.#stays(v, jump, k, rainfall);
    if (v !== st[b + LAST]) st[b + MOVED] = 1;
    if (st[b + MOVED] || !stays) st[b + FROZEN] = 0;
    else if (Number.isNaN(st[b + FROZEN]) && jump > 0 && !this.#heldAsJump(k, ts)) [st[b + FROZEN], st[b + FROZEN_TS]] = isFrozenJump(st[b + RUN], st[b + CALM]) ? [1, st[b + JUMP_TS]] : [0, NaN];
    if (!stays || (k >= 2 * STEP_CONFIRM_READINGS && !st[b + MOVED] && st[b + FROZEN] !== 1)) st[b + JUMP] = NaN;
    else if (k >= STEP_CONFIRM_READINGS && st[b + MOVED]) {
      [st[b + SHIFT], st[b + SHIFT_TS], st[b + JUMP], st[b + WATCH]] = [st[b + SHIFT] + jump, st[b + JUMP_TS], NaN, jump];
      this.#undoneSteps(jump);
    }
    if (stays && !this.#implausible(st[b + LAST], v, dtMs)) this.#learn(v - st[b + LAST], dtMs);
  }

  /** A reading after a datum step taken (STEP_WATCH_READINGS): the water may still show the jump was its own. */
  #watch(v: number, rainfall: number | undefined, dtMs: number): void {
    const [st, b] = [this.#f, this.#b];
    const [jump, k] = [st[b + WATCH], ++st[b + AFTER]];
    const back = Math.abs(v - (st[b + JUMP_LEVEL] - jump)) < STEP_RETURN_SHARE * Math.abs(jump);
    // a step down stays corrected when the river then rises: that is a flood the low reading would hide
    if (back || !this.#stays(v, jump, k, rainfall, false)) {
      st[b + SHIFT] -= jump;
      this.#undoneSteps(jump);
      st[b + WATCH] = NaN;
    } else if (k >= STEP_WATCH_READINGS) st[b + WATCH] = NaN;
    if (!this.#implausible(st[b + LAST], v, dtMs)) this.#learn(v - st[b + LAST], dtMs);
  }

  /**
   * Whether `v`, `k` readings after `jump`, is still the usual variation around the jump's level: not further the jump's
   * way, not (`against`) further back than the river's own drift allows, not a dropout, and for a step up no water
   * coming (rain on the gauge, an upstream gauge at its Siaga 3) to explain it.
   */
  #stays(v: number, jump: number, k: number, rainfall: number | undefined, against = true): boolean {
    const [st, b] = [this.#f, this.#b];
    const sign = Math.sign(jump);
    // movement the jump's way, and what the river's own drift against it allows
    const along = sign * (v - st[b + JUMP_LEVEL]);
    const drift = k * Math.min(0, sign * st[b + JUMP_DRIFT]);
    const band = this.#band(k, st[b + JUMP_USUAL], jump);
    const water = jump > 0 && ((rainfall !== undefined && rainfall > 0) || this.#waterFromUpstream());
    return along <= band && (!against || along >= drift - band) && v !== 0 && !water;
  }

  /** Steps that add up to about nothing (a step back to the old datum: the logger fixed) leave no datum step. */
  #undoneSteps(jump: number): void {
    const [st, b] = [this.#f, this.#b];
    if (Math.abs(st[b + SHIFT]) < STEP_BAND_SHARE * Math.abs(jump)) st[b + SHIFT] = 0;
  }

  /** An upstream gauge of the catalog at its own Siaga 3: a flood may be arriving. */
  #waterFromUpstream(): boolean {
    const ctx = this.#ctx;
    return !!ctx && ctx.upstream.some((u) => u.flood !== undefined && ctx.level(u.id) >= u.flood.siaga3);
  }

  #finding(): Finding {
    const [st, b, sensor] = [this.#f, this.#b, this.#sensor];
    if (st[b + FROZEN] === 1 && !Number.isNaN(st[b + JUMP])) {
      return frozenJumpFinding(sensor, { value: st[b + LAST], jump: st[b + JUMP], at: st[b + JUMP_TS], count: st[b + RUN], calm: st[b + CALM], spacingMs: st[b + SPACING] });
    }
    return datumStepFinding(sensor, st[b + SHIFT], st[b + SHIFT_TS]);
  }

  stateBytes(): number {
    return 8 * NUMBERS + BYTES_PER_SMALL_OBJECT;
  }
}

export const stepDetector: Detector & RuleDetector = {
  rule: 'sensor_step',
  kinds: ['flood'],
  shiftsDatum: true,
  create: (sensor: Sensor, ctx?: DetectorContext) => new StepSensor(sensor, ctx)
};
