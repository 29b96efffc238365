/**
 * The options of the statistical scorer (statistical-scorer.ts) and their defaults: one set for
 * every series. Chosen on NAB's development split (bench/nab.ts); none is fitted to one file, and
 * each moved by ±30 % costs at most 3.7 NAB points (ingest/detect/README.md).
 */
export interface AnomalyScorerOptions {
  /** Readings that only teach the models; they score 0. */
  warmupRecords: number;
  /**
   * After the warm-up, the rarity opinion stays silent (its tail learning) until its tail holds
   * this many raw scores and tailWarmupMs of time: judged against k past raw scores, a new record
   * is 1 chance in k + 1, yet the tail's floor (rarityFloor) calls it rarer than 1 in 10,000.
   */
  tailWarmupRecords: number;
  /** … and this much time (a tail younger than a day has not seen the day's ordinary peaks). */
  tailWarmupMs: number;
  /** Update rate of level, step and residual statistics (≈ 1 / memory in readings). */
  levelRate: number;
  /** Update rate of a seasonal slot once it has a few readings. */
  seasonRate: number;
  /** Readings a seasonal slot needs before it is trusted. */
  seasonMinCount: number;
  /** Forgetting rate of the value histogram. */
  histogramRate: number;
  /** Weight of the value z against the step z (the step reacts earlier to changes). */
  valueWeight: number;
  /** Update rate of the short EW mean compared with the level. */
  shiftRate: number;
  /** Weight of the short-mean shift z. */
  shiftWeight: number;
  /** Added to the raw score when the value leaves the range seen so far … */
  rangeBreakBonus: number;
  /** … by more than this share of that range. */
  rangeBreakTolerance: number;
  /** Weight of histogram novelty in the raw score. */
  noveltyWeight: number;
  /** Readings averaged into the raw score (≤ 4). */
  averageRecords: number;
  /** Forgetting rate of the raw-score distribution (the likelihood step). */
  rarityRate: number;
  /** Smallest tail share believed: rarer than this is told apart by the peak ratio only. */
  rarityFloor: number;
  /** Half-life, in readings, of the recent raw-score peak used for burst suppression. */
  peakHalfLifeRecords: number;
  /** Forgetting rate of each channel's z histogram (the second opinion, see #channels). */
  channelRate: number;
  /** Nats added to the channel surprise when the value leaves the range seen so far at all. */
  channelBreakBonus: number;
  /**
   * Nats taken off the channel surprise before it is compared with the rarity surprise: the
   * largest of three channels is rarer by chance than any one of them (ln 3 ≈ 1.1).
   */
  channelOffset: number;
  /** Half-life, in readings, of the decaying peaks that only let a rising burst score high. */
  burstHalfLifeRecords: number;
  /** A gap longer than this many typical steps restarts the step statistic. */
  gapSteps: number;
  /** Added to timestamps before the hour-of-day slot is taken (local time; WITA = +8 h). */
  utcOffsetMs: number;
  /**
   * Run-length hypotheses kept by the change-point opinion (statistical-changepoint.ts), each 16
   * bytes (plus 60 for its own past and 12 for its AR part); 0 turns the opinion off. With 4 it is
   * on: NAB 74.9 → 77.6 (low FP 66.2 → 67.6, LOCO 74.9 → 77.6), with its AR input (ingest/detect/README.md).
   */
  changePointHypotheses: number;
  /** Time between regime changes the change-point prior expects, in days (its hazard per reading follows the interval). */
  changePointDays: number;
  /**
   * Forgetting rate (≈ 1 / memory in readings) of the residual's lag-1 autocorrelation φ; the
   * change-point opinion is fed the AR(1) innovation r − φ·r(prev), so a wander the series' own
   * persistence explains is not a new regime. 0 feeds it the residual itself (the earlier form:
   * NAB 76.5, low FP 65.3).
   */
  changePointArRate: number;
}

export const DEFAULT_SCORER_OPTIONS: Readonly<AnomalyScorerOptions> = Object.freeze({
  warmupRecords: 150,
  tailWarmupRecords: 150,
  tailWarmupMs: 86_400_000,
  levelRate: 0.02,
  seasonRate: 0.1,
  seasonMinCount: 3,
  histogramRate: 0.002,
  valueWeight: 0.5,
  shiftRate: 0.1,
  shiftWeight: 1,
  rangeBreakBonus: 4,
  rangeBreakTolerance: 0.03,
  noveltyWeight: 1,
  averageRecords: 3,
  rarityRate: 2e-4,
  rarityFloor: 1e-4,
  peakHalfLifeRecords: 1000,
  channelRate: 1e-4,
  channelBreakBonus: 6,
  channelOffset: Math.log(3),
  burstHalfLifeRecords: 300,
  gapSteps: 10,
  utcOffsetMs: 0,
  changePointHypotheses: 4,
  changePointDays: 1,
  changePointArRate: 0.01
});
