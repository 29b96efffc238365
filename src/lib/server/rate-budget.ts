/**
 * Token buckets: `capacity` requests at once, refilled at `perSecond`. Keyed buckets are bounded
 * (the least recently refilled key goes first), so an attacker inventing keys cannot grow memory.
 */
export interface Bucket {
  /** Takes one token when there is one. */
  take(nowMs: number): boolean;
}

export function createBucket(capacity: number, perSecond: number): Bucket {
  let tokens = capacity;
  let at = 0;
  return {
    take(nowMs) {
      tokens = Math.min(capacity, tokens + ((nowMs - at) / 1000) * perSecond);
      at = nowMs;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    }
  };
}

export interface KeyedBuckets {
  take(key: string, nowMs: number): boolean;
  size(): number;
}

export function createKeyedBuckets(capacity: number, perSecond: number, maxKeys = 10_000): KeyedBuckets {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, nowMs) {
      let b = buckets.get(key);
      if (b) buckets.delete(key);
      else {
        b = createBucket(capacity, perSecond);
        while (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      }
      buckets.set(key, b); // most recently used last
      return b.take(nowMs);
    },
    size: () => buckets.size
  };
}
