/**
 * Seeded randomness, in core because the simulators and the catalog builder (src/lib/catalog) both need it
 * and the catalog must not import the simulators. Nothing in the simulators uses Math.random: the same seed must give the same
 * series on every machine, and noise must not depend on the order sensors happen to be visited.
 * So noise is a hash of (seed, key, step) rather than a shared stream.
 */

const FNV_OFFSET_32 = 0x811c9dc5;
const FNV_PRIME_32 = 0x01000193;

/**
 * FNV-1a, 32 bit, over UTF-16 code units (for ASCII ids this equals FNV-1a over their bytes, so any other
 * language computes the same value: the ingest partitions sensors by it). `seed` 0 is plain FNV-1a.
 */
export function fnv1a32(text: string, seed = 0): number {
  let h = (FNV_OFFSET_32 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME_32);
  }
  return h >>> 0;
}

/** 32-bit string hash: FNV-1a mixed with murmur3's finaliser so near keys give far values. */
export function hashString(text: string, seed = 0): number {
  return mix32(fnv1a32(text, seed));
}

export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) from a seed, a key and an integer step. */
export function hashUnit(seed: number, key: string, step: number): number {
  const h = mix32(hashString(key, seed) ^ mix32(Math.floor(step) + 0x9e3779b9));
  return h / 4_294_967_296;
}

/** Standard normal from (seed, key, step) via Box–Muller. */
export function hashGaussian(seed: number, key: string, step: number): number {
  const u1 = Math.max(hashUnit(seed, key, step * 2), 1e-12);
  const u2 = hashUnit(seed, key, step * 2 + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Smooth noise: Gaussian values at knots every `periodMs`, cosine-interpolated between them. Gives
 * slow wander (weather, a sensor's drift) that is still a pure function of time.
 */
export function smoothGaussian(seed: number, key: string, tMs: number, periodMs: number): number {
  const x = tMs / periodMs;
  const k = Math.floor(x);
  const f = (1 - Math.cos(Math.PI * (x - k))) / 2;
  return hashGaussian(seed, key, k) * (1 - f) + hashGaussian(seed, key, k + 1) * f;
}

/** A classic sequential generator (mulberry32), for building the catalog in one pass. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
