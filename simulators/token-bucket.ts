/**
 * A token bucket for --max-rate: up to `burst` messages at once, then `ratePerS` on average.
 * Clock is injected so tests need no real time.
 */
export interface TokenBucket {
  /** Takes one token now if there is one; otherwise returns how many ms until there will be. */
  tryTake(nowMs: number): number;
}

export function createTokenBucket(ratePerS: number, burst = Math.max(1, Math.ceil(ratePerS / 10)), startMs = 0): TokenBucket {
  let tokens = burst;
  let last = startMs;
  return {
    tryTake(nowMs: number): number {
      tokens = Math.min(burst, tokens + ((nowMs - last) * ratePerS) / 1000);
      last = nowMs;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - tokens) * 1000) / ratePerS);
    }
  };
}

/** Waits for a token against the real clock. */
export async function takeToken(bucket: TokenBucket, now: () => number = Date.now): Promise<void> {
  for (let wait = bucket.tryTake(now()); wait > 0; wait = bucket.tryTake(now())) {
    await new Promise((r) => setTimeout(r, wait));
  }
}
