/**
 * Bayesian online change-point detection (Adams & MacKay 2007), truncated to a few run-length
 * hypotheses so its state is bounded: the third opinion of the statistical scorer, fed the AR(1)
 * innovation of the residual from the normal (ingest/detect/README.md has its NAB scores).
 *
 * Each hypothesis is "the series has been in one regime for the last n readings"; a regime's
 * values are Normal with unknown mean and variance (a Normal-Gamma prior, so each predicts the
 * next value by a Student-t). Per reading every hypothesis either grows (chance 1 − hazard, times
 * how well it predicted the value) or a new regime starts with this value (chance hazard, times
 * how well the prior, centred on the scorer's normal and as wide as its spread, predicted it).
 * Only the `k` most probable hypotheses are kept (a new one replaces the least probable).
 *
 * Why the innovation: residuals of real series are autocorrelated, so a run of correlated noise
 * (a wander of a few spreads) looks like a new Normal regime. The innovation r − φ·r(prev) is what
 * the series' own persistence does not explain; a regime of it has mean (1 − φ) × the regime's
 * level, so a change of level still shows, at once, as a jump the persistence cannot explain.
 *
 * Its opinion, in nats: the log Bayes factor of "a new regime began with this reading" against
 * the hazard's own prior odds of that: how much the data, not the prior, say a change happened.
 * (Counting regimes begun 2–6 readings ago as well let the evidence of a small shift add up, and
 * scored worse on NAB: README.)
 *
 * Layout on a caller's array region (Float32): per hypothesis [n, mean, m2, log weight]; the AR
 * part [last residual, forgetting means of r(prev)·r and r(prev)²] sits in a region of its own.
 */
import { logTailSurprise } from './statistical-stats';

export const CP_FIELDS = 4;
/**
 * Bins of the change-point opinion's own past (log-spaced over 0.1 to MAX_NATS nats), then total,
 * scale, maximum. 12 rather than 16 frees the AR part's 12 bytes (4 KB per series); NAB scores
 * the same at 12 and 16 (README).
 */
const CP_BINS = 12;
export const CP_TAIL_REGION = CP_BINS + 3;
const CP_LOG_MIN = Math.log(0.1);
const N = 0, MEAN = 1, M2 = 2, LOGW = 3;

/** Prior strength of a new regime: its mean is known to within 10 spreads (κ0), its variance to about one reading's worth (α0). */
const KAPPA0 = 0.01;
const ALPHA0 = 1;
/** A mean absolute deviation is about 0.8 of a standard deviation for Normal noise. */
const MAD_TO_SD = 1.25;
/** Bayes factors beyond this many nats say nothing more (all mass on recent regimes). */
const MAX_NATS = 50;

/**
 * The Bayes factor judged against the series' own past ones, in nats (statistical-stats.ts
 * logTailSurprise): a series whose noise often looks like a new regime must do more to be news.
 */
export function changePointSurprise(a: Float32Array, at: number, nats: number, rate: number): number {
  return logTailSurprise(a, at, nats, rate, CP_BINS, CP_LOG_MIN, Math.log(MAX_NATS) - CP_LOG_MIN);
}

/** ln Γ(α + ½) − ln Γ(α), for α ≥ 1 (asymptotic series; off by < 0.003 at α = 1). */
function lnGammaHalfRatio(alpha: number): number {
  return 0.5 * Math.log(alpha) - 1 / (8 * alpha) + 1 / (192 * alpha * alpha * alpha);
}

/** Student-t log predictive density of x for a regime of n readings (mean, m2) under the prior (mu0, sd0). */
function logPredictive(n: number, mean: number, m2: number, x: number, mu0: number, var0: number): number {
  const kappa = KAPPA0 + n;
  const mu = (KAPPA0 * mu0 + n * mean) / kappa;
  const alpha = ALPHA0 + n / 2;
  const d0 = mean - mu0;
  const beta = ALPHA0 * var0 + m2 / 2 + (KAPPA0 * n * d0 * d0) / (2 * kappa);
  const s2 = (beta * (kappa + 1)) / (alpha * kappa);
  const d = x - mu;
  return lnGammaHalfRatio(alpha) - 0.5 * Math.log(2 * alpha * Math.PI * s2) - (alpha + 0.5) * Math.log1p((d * d) / (2 * alpha * s2));
}

/**
 * One reading through the truncated run-length posterior at a[at..]; returns the log Bayes
 * factor (nats, ≥ 0) that a new regime began with this reading; `hazard` is the prior chance of that.
 * `mu0` and `spread` (a mean absolute deviation) centre and scale a new regime's prior.
 */
export function changePointNats(a: Float32Array | Float64Array, at: number, k: number, x: number, mu0: number, spread: number, hazard: number): number {
  const sd0 = MAD_TO_SD * spread;
  const var0 = sd0 * sd0;
  const logGrow = Math.log1p(-hazard);
  // Grow every hypothesis by how well it predicted x; a new regime starts with x under the prior
  // (the weights were normalised last time, so the chance of any past is 1).
  let weakest = -1;
  let weakestW = Infinity;
  let known = false;
  for (let h = 0; h < k; h++) {
    const b = at + h * CP_FIELDS;
    if (a[b + N] === 0) {
      weakest = h;
      weakestW = -Infinity;
      continue;
    }
    known = true;
    a[b + LOGW] += logGrow + logPredictive(a[b + N], a[b + MEAN], a[b + M2], x, mu0, var0);
    if (a[b + LOGW] < weakestW) {
      weakest = h;
      weakestW = a[b + LOGW];
    }
  }
  const fresh = logPredictive(0, 0, 0, x, mu0, var0) + Math.log(hazard);
  // Learn x in every grown regime (Welford), then let the new regime replace the weakest.
  for (let h = 0; h < k; h++) {
    const b = at + h * CP_FIELDS;
    const n = a[b + N];
    if (n === 0) continue;
    const d = x - a[b + MEAN];
    a[b + N] = n + 1;
    a[b + MEAN] += d / (n + 1);
    a[b + M2] += d * (x - a[b + MEAN]);
  }
  if (fresh > weakestW) {
    const b = at + weakest * CP_FIELDS;
    a[b + N] = 1;
    a[b + MEAN] = x;
    a[b + M2] = 0;
    a[b + LOGW] = fresh;
  }
  // Normalise (log weights sum to 1); the regime born with x is the one with n = 1.
  let max = -Infinity;
  for (let h = 0; h < k; h++) if (a[at + h * CP_FIELDS + N] > 0) max = Math.max(max, a[at + h * CP_FIELDS + LOGW]);
  let total = 0;
  let young = 0;
  for (let h = 0; h < k; h++) {
    const b = at + h * CP_FIELDS;
    if (a[b + N] === 0) continue;
    const w = Math.exp(a[b + LOGW] - max);
    total += w;
    if (a[b + N] === 1) young += w;
  }
  const lnTotal = Math.log(total);
  for (let h = 0; h < k; h++) {
    const b = at + h * CP_FIELDS;
    if (a[b + N] > 0) a[b + LOGW] -= max + lnTotal;
  }
  const old = total - young;
  if (young <= 0 || !known) return 0; // the first reading begins the first regime: no news
  // Posterior log odds of a change at this reading, less the hazard's prior log odds.
  const posterior = old > 0 ? Math.log(young / old) : MAX_NATS;
  return Math.max(0, Math.min(MAX_NATS, posterior - Math.log(hazard / (1 - hazard))));
}

/** Floats of the AR(1) part: the last residual, forgetting means of r(prev)·r and r(prev)². */
export const AR_FIELDS = 3;
const AR_PREV = 0, AR_SXY = 1, AR_SXX = 2;
/** Largest persistence believed: at φ → 1 the innovation would be the bare step and a level never settles. */
const MAX_PHI = 0.99;

/** The residual's lag-1 autocorrelation learnt so far (least squares, forgetting), clipped to [0, MAX_PHI]. */
export function arPhi(a: Float32Array | Float64Array, at: number): number {
  const sxx = a[at + AR_SXX];
  return sxx > 0 ? Math.min(MAX_PHI, Math.max(0, a[at + AR_SXY] / sxx)) : 0;
}

/**
 * The AR(1) innovation of residual r: r − φ^lag · r(prev), where lag is the time since the last
 * reading in typical steps (0: nothing to condition on, the first reading or one after a gap, so
 * r itself); then learns φ from this pair at `rate`. Online: φ is the one learnt before r.
 */
export function arInnovation(a: Float32Array | Float64Array, at: number, r: number, lag: number, rate: number): number {
  const prev = a[at + AR_PREV];
  a[at + AR_PREV] = r;
  // nothing to condition on: the residual itself, as wide as the whole spread, on a step's scale
  if (!(lag > 0)) return r * Math.sqrt(1 - arPhi(a, at) ** 2);
  const e = r - Math.pow(arPhi(a, at), lag) * prev;
  a[at + AR_SXY] += rate * (prev * r - a[at + AR_SXY]);
  a[at + AR_SXX] += rate * (prev * prev - a[at + AR_SXX]);
  return e;
}
