/**
 * The one retry schedule of every process (InfluxDB writes, webhook deliveries, child restarts, Redis
 * reconnects): exponential growth from `baseMs`, bounded by `capMs`, with a chosen share of jitter.
 * Pure: the random source is a parameter so tests pin it.
 */
export interface BackoffPolicy {
  /** The wait after the first failure (attempt 0) before jitter, ms. */
  baseMs: number;
  /** No wait is longer than this, ms. */
  capMs: number;
  /**
   * Share of each wait that is random, 0..1. 1 is "full jitter", a uniform wait in [0, ceiling): many
   * clients retrying one recovering server spread out instead of arriving in step. 0.5 waits at least
   * half the ceiling. 0 is no jitter, for a single client where spreading buys nothing.
   */
  jitter: number;
}

/** Beyond this many doublings every sane cap is reached; clamping keeps the arithmetic finite. */
const MAX_DOUBLINGS = 40;

/** The ceiling of the wait before retry `attempt` (0 = after the first failure): min(cap, base·2^attempt). */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  const doublings = Math.min(Math.max(0, Math.floor(attempt)), MAX_DOUBLINGS);
  return Math.min(policy.capMs, policy.baseMs * 2 ** doublings);
}

/**
 * The wait before retry `attempt`, whole ms in [(1 − jitter)·ceiling, ceiling]; `random` returns [0, 1)
 * and is not called when the policy has no jitter.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  if (policy.jitter <= 0) return ceiling;
  const jitter = Math.min(policy.jitter, 1);
  return Math.floor(ceiling * (1 - jitter + jitter * random()));
}
