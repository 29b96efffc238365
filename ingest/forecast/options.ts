/** Tunables of the river forecaster. Defaults are physical or statistical choices, not fits to one river. */
export interface ForecasterOptions {
  /** Width of a history bucket (s): readings are kept as the last level per bucket. */
  bucketS: number;
  /** How far back each gauge keeps its bucketed levels (s): longest upstream lag + 120 min horizon + feature windows. */
  historyS: number;
  /** Gaps up to this long (s) are bridged by a straight line in the history; longer gaps stay empty. */
  maxBridgeS: number;
  /** Forgetting factor of the slow recursive least squares, per training step (one bucket): days of memory. */
  forgetting: number;
  /** Forgetting factor of the fast one: hours of memory, to follow a flood's own dynamics as it unfolds. */
  fastForgetting: number;
  /** Experts are weighted ∝ (1 / their recent error)^power: high leans hard to the recent best. */
  expertPower: number;
  /** Rate of the experts' running errors per moving-water sample. */
  expertRate: number;
  /** A change counts fully as moving water (for judging experts) from this many times the gauge's typical change. */
  movingFactor: number;
  /** Cap of an expert's change: this many times the largest change of the gauge or its upstream over the same span, plus noise. */
  plausibleFactor: number;
  /**
   * A regression reads each input held within the range its training samples had, widened by this
   * many times that range either way (seen-range.ts): an input it barely met cannot drive it far.
   * Rain beyond it still counts where it raises the forecast (rain-direction.ts).
   */
  seenMargin: number;
  /** Training steps before the learned model gets half of its weight (the rest is persistence). */
  halfTrustSteps: number;
  /** A jump larger than this many times the gauge's learned step variation is held as suspect. */
  glitchFactor: number;
  /** Jumps up to this many cm are always plausible (a quiet gauge learns a tiny variation). */
  glitchMinCm: number;
  /** Central band coverage: the band is the (1 − c)/2 … (1 + c)/2 quantiles of the model's own past errors. */
  bandCoverage: number;
  /** Upstream gauges used per gauge, nearest first (direct links, then theirs): bounds state and CPU. */
  maxUpstream: number;
  /**
   * Warning lean: at horizons up to `warnLeanMaxMin`, while the forecast rises and this fraction
   * of the way from the centre to the band's high edge reaches the next Siaga threshold, the centre
   * is published at the threshold (0 = off; see crossing.ts `warningLean`). At the shortest horizon
   * the band is narrow, so few false alarms follow; longer horizons lose CSI (README.md).
   */
  warnLean: number;
  /** Longest horizon (min) the warning lean applies to. */
  warnLeanMaxMin: number;
}

export const FORECASTER_DEFAULTS: Readonly<ForecasterOptions> = Object.freeze({
  bucketS: 300,
  historyS: 8 * 3600,
  maxBridgeS: 3 * 3600,
  forgetting: 0.999,
  fastForgetting: 0.98,
  expertPower: 8,
  expertRate: 0.05,
  movingFactor: 3,
  plausibleFactor: 3,
  seenMargin: 2,
  halfTrustSteps: 288,
  glitchFactor: 12,
  glitchMinCm: 25,
  bandCoverage: 0.8,
  maxUpstream: 3,
  warnLean: 0.5,
  warnLeanMaxMin: 30
});

/** Options merged over the defaults, checked once and frozen; throws on a value that cannot work. */
export function resolveForecasterOptions(partial: Partial<ForecasterOptions> = {}): Readonly<ForecasterOptions> {
  const o: ForecasterOptions = { ...FORECASTER_DEFAULTS, ...partial };
  const positive: (keyof ForecasterOptions)[] = [
    'bucketS', 'historyS', 'maxBridgeS', 'halfTrustSteps', 'glitchFactor', 'glitchMinCm', 'expertPower', 'expertRate', 'movingFactor', 'plausibleFactor'
  ];
  for (const k of positive) if (!(o[k] > 0) || !Number.isFinite(o[k])) throw new RangeError(`forecaster option ${k} must be a positive number`);
  for (const k of ['forgetting', 'fastForgetting'] as const) if (!(o[k] > 0.9 && o[k] <= 1)) throw new RangeError(`forecaster option ${k} must be in (0.9, 1]`);
  if (!(o.warnLean >= 0 && o.warnLean <= 1)) throw new RangeError('forecaster option warnLean must be in [0, 1]');
  if (!(o.warnLeanMaxMin >= 0)) throw new RangeError('forecaster option warnLeanMaxMin must be ≥ 0');
  if (!(o.seenMargin >= 0) || !Number.isFinite(o.seenMargin)) throw new RangeError('forecaster option seenMargin must be a number ≥ 0');
  if (!(o.expertRate < 1)) throw new RangeError('forecaster option expertRate must be below 1');
  if (!(o.bandCoverage > 0 && o.bandCoverage < 1)) throw new RangeError('forecaster option bandCoverage must be in (0, 1)');
  if (!(Number.isInteger(o.maxUpstream) && o.maxUpstream >= 0)) throw new RangeError('forecaster option maxUpstream must be an integer ≥ 0');
  if (o.historyS < 4 * 3600) throw new RangeError('forecaster option historyS must cover at least 4 h (120 min horizon + lags)');
  return Object.freeze(o);
}
