import type { LevelHistory } from './history';

/**
 * Physically implausible readings: a reading much further from where the gauge was heading (its
 * last level carried on at its recent rate) than its learned step variation allows is held as
 * suspect, not believed at once. The next reading decides: if it stays nearer the suspect value
 * than the old course (a real, sudden rise, or a turn) the suspect is believed, one reading late;
 * if it returns (a spike) the suspect is dropped. Judging the departure from the course rather
 * than the raw jump matters at coarse intervals: a steady rise of 60 cm per 30-min reading is not
 * a glitch, and judging raw jumps held and dropped every reading of it (the forecast froze at the
 * level before the flood: h60 event skill 0.29 at 30-min and −0.42 at hourly readings of the
 * shared split, 0.50 and 0.44 now; `bench:forecast -- --every 3` / `--every 6`).
 */
/**
 * 'accept-held': the held reading was real, believe it, then this one. 'release-hold': the held
 * reading was real, believe it, and hold this one (it lies further from the held one than a step
 * may; the next reading decides, and on a steady rise the line bridging it loses nothing).
 */
export type GlitchVerdict = 'accept' | 'hold' | 'accept-held' | 'release-hold';

/** The filter judges a reading against the gauge's course over this window (the trend expert's 30 min). */
const RATE_WINDOW_MS = 30 * 60_000;

/** The gauge's rate (cm/ms) over the 30 min up to its last accepted reading; 0 when unknown: its course. */
export function recentRate(history: LevelHistory, lastTs: number, lastLevel: number): number {
  const before = history.at(lastTs - RATE_WINDOW_MS);
  return Number.isFinite(before) && Number.isFinite(lastLevel) ? (lastLevel - before) / RATE_WINDOW_MS : 0;
}

/** The longest time (buckets) over which a move is judged: beyond it the allowance and the course stop growing. */
const MAX_STEPS = 24;

export class GlitchFilter {
  /** Running mean |level change| per bucket step of accepted readings (cm). */
  #stepScale = 1;
  #held = Number.NaN;
  #heldTs = Number.NaN;
  readonly #factor: number;
  readonly #minCm: number;
  readonly #bucketMs: number;

  constructor(factor: number, minCm: number, bucketMs: number) {
    [this.#factor, this.#minCm, this.#bucketMs] = [factor, minCm, bucketMs];
  }

  /** The reading released by the last 'accept-held' verdict (to be accepted before the current one). */
  releasedTs = Number.NaN;
  releasedLevel = Number.NaN;

  /** How far a reading `dtMs` after the last accepted one may plausibly move (cm). */
  allowed(dtMs: number): number {
    const steps = Math.min(MAX_STEPS, Math.max(1, dtMs / this.#bucketMs));
    return Math.max(this.#minCm, this.#factor * this.#stepScale * Math.sqrt(steps));
  }

  /**
   * Judges a reading against the last accepted level (NaN before the first) carried on at
   * `ratePerMs`, the gauge's recent rate of change (0 when unknown).
   */
  judge(lastLevel: number, lastTs: number, ts: number, level: number, ratePerMs = 0): GlitchVerdict {
    if (!Number.isFinite(lastLevel)) return 'accept';
    // a rate is not carried on for hours: after a long silence a wild reading must not ride on it
    const dt = Math.min(ts - lastTs, MAX_STEPS * this.#bucketMs);
    const course = lastLevel + ratePerMs * dt;
    if (Number.isFinite(this.#held)) {
      // the held reading again (a broker redelivery) or an older one cannot confirm it
      if (ts <= this.#heldTs) return 'hold';
      const confirmed = Math.abs(level - this.#held) < Math.abs(level - course);
      this.releasedTs = this.#heldTs;
      this.releasedLevel = this.#held;
      this.#held = Number.NaN;
      this.#heldTs = Number.NaN;
      if (confirmed) return Math.abs(level - this.releasedLevel) <= this.allowed(ts - this.releasedTs) ? 'accept-held' : this.#hold(ts, level, 'release-hold');
    }
    // the course's own change is uncertain by its size: a rise may double or stop within a reading
    const slack = Math.abs(ratePerMs * dt);
    return Math.abs(level - course) <= this.allowed(ts - lastTs) + slack ? 'accept' : this.#hold(ts, level, 'hold');
  }

  #hold<V extends GlitchVerdict>(ts: number, level: number, verdict: V): V {
    this.#held = level;
    this.#heldTs = ts;
    return verdict;
  }

  /** Learns the step variation from an accepted change over `dtMs`. */
  learn(change: number, dtMs: number): void {
    const steps = Math.max(1, dtMs / this.#bucketMs);
    this.#stepScale += 0.01 * (Math.abs(change) / Math.sqrt(steps) - this.#stepScale);
  }

  get bytes(): number {
    return 64;
  }
}

/**
 * The longest fault taken back out (ms): a jump the filter let through that jumps back within
 * this time is judged a fault; one that stays is water. An hour covers a sensor fault of a few
 * readings at intervals up to 15 min.
 */
export const EXCURSION_MS = 60 * 60_000;
/**
 * The share of the jump out that the jump back must undo to count as a return. A sensor coming
 * back reads the water, which moved little meanwhile; a gate opened and partly closed again
 * undoes less (on the shared split a regulated gauge's 35–56 cm steps came back by 12–60 %, a
 * 35 cm fault by all of it).
 */
const RETURN_SHARE = 0.75;

/**
 * A jump the glitch filter confirmed (held, then the next reading stayed near it) is still open
 * to doubt: a sensor fault of two or three readings (zeros, a stuck offset) passes the filter
 * the same way, and so does its return. If within EXCURSION_MS the level jumps back (held and
 * confirmed likewise) to where it left, it was a fault: the gauge repairs its history over it (a
 * straight line, as over a silence) and it and the gauges below take back what their regressions
 * learned meanwhile (gauge.ts). Before, two upstream readings 300 cm off made the regressions of
 * the gauges below learn from them for a day.
 */
export class Excursion {
  /** The last accepted reading before the jump (NaN before the first). */
  baseTs = Number.NaN;
  baseLevel = Number.NaN;
  /** Faults taken out so far: a gauge below that saw one go back over it. */
  repairs = 0;
  /** When the jump came (NaN while none is open). */
  #since = Number.NaN;
  /** How far the jump went (cm). */
  #jump = 0;

  get open(): boolean {
    return Number.isFinite(this.#since);
  }

  /** Opens one at a jump to `level` at `ts` from the last accepted reading (unless one is open). */
  start(ts: number, level: number, lastTs: number, lastLevel: number): void {
    if (this.open || !Number.isFinite(lastLevel)) return;
    [this.baseTs, this.baseLevel, this.#since, this.#jump] = [lastTs, lastLevel, ts, Math.abs(level - lastLevel)];
  }

  /**
   * Open at `ts` by another gauge's clock: its own expiry runs only on its own readings, and a gauge
   * that jumped and fell silent must not hold the gauges below in doubt (and a kept copy) for good.
   */
  openAt(ts: number): boolean {
    return this.open && ts - this.#since <= EXCURSION_MS;
  }

  /** Closes it as water once it has lasted EXCURSION_MS by `ts`. */
  expire(ts: number): void {
    if (ts - this.#since > EXCURSION_MS) this.#since = Number.NaN;
  }

  /** Whether a jump to `level` at `ts` returns to where the open one left: within `allowed` of it, and undoing RETURN_SHARE of the jump out. */
  returns(ts: number, level: number, allowed: number): boolean {
    const off = Math.abs(level - this.baseLevel);
    return this.open && ts > this.baseTs && off <= allowed && off <= (1 - RETURN_SHARE) * this.#jump;
  }

  /** Closes it as a fault. */
  repaired(): void {
    this.#since = Number.NaN;
    this.repairs++;
  }
}
