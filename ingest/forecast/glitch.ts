/**
 * Physically implausible readings: a jump much larger than the gauge's learned step variation is
 * held as suspect, not believed at once. The next reading decides: if it stays near the suspect
 * value (a real, sudden rise) both are accepted; if it returns near the old level (a spike) the
 * suspect is dropped. A real flash rise is thus believed one reading late, a spike never.
 */
export type GlitchVerdict = 'accept' | 'hold' | 'accept-held';

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
    const steps = Math.min(24, Math.max(1, dtMs / this.#bucketMs));
    return Math.max(this.#minCm, this.#factor * this.#stepScale * Math.sqrt(steps));
  }

  /** Judges a reading against the last accepted level (NaN before the first). */
  judge(lastLevel: number, lastTs: number, ts: number, level: number): GlitchVerdict {
    if (!Number.isFinite(lastLevel)) return 'accept';
    const jump = Math.abs(level - lastLevel);
    if (Number.isFinite(this.#held)) {
      const confirmed = Math.abs(level - this.#held) < Math.abs(level - lastLevel);
      [this.releasedTs, this.releasedLevel] = [this.#heldTs, this.#held];
      this.#held = Number.NaN;
      this.#heldTs = Number.NaN;
      if (confirmed && Math.abs(level - this.releasedLevel) <= this.allowed(ts - this.releasedTs)) return 'accept-held';
    }
    if (jump <= this.allowed(ts - lastTs)) return 'accept';
    this.#held = level;
    this.#heldTs = ts;
    return 'hold';
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
