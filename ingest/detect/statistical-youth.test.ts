import { describe, it, expect } from 'vitest';
import { STATISTICAL_THRESHOLD, createAnomalyScorer, type AnomalyScorerOptions } from './statistical';
import { createNoise } from './test-support';

const TEN_MIN_MS = 600_000;
const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC


/** Findings (scores at or above the threshold) on a quiet daily wave, 10-min readings, per seed. */
function findings(opts: Partial<AnomalyScorerOptions>, from: number, to: number, seeds = 20): number {
  let n = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const noise = createNoise(seed);
    const scorer = createAnomalyScorer(opts);
    for (let i = 0; i < to; i++) {
      const ts = T0 + i * TEN_MIN_MS;
      const hour = (ts % 86_400_000) / 3_600_000;
      const s = scorer.score(ts, 100 + 40 * Math.sin(((hour - 6) / 24) * 2 * Math.PI) + 2 * noise());
      if (i >= from && s >= STATISTICAL_THRESHOLD) n++;
    }
  }
  return n;
}

describe('the rarity opinion while its tail is young', () => {
  // The same options object per variant: the scorer caches its merge by identity.
  const judgedAtOnce = { tailWarmupRecords: 0, tailWarmupMs: 0 };

  it('stays silent until its tail holds 150 raw scores and a day: quiet 10-min readings after the warm-up raise fewer findings', () => {
    // Readings 150–450: the 50 hours after a 10-min sensor's 25-hour warm-up, where the tail's
    // first records were each scored "rarer than 1 in 10,000".
    const young = findings(judgedAtOnce, 150, 450);
    const now = findings({}, 150, 450);
    expect(young).toBeGreaterThan(0);
    expect(now).toBeLessThan(young / 4); // 2 against 43 over the 20 seeds
  });

  it('judges as before once the tail is grown', () => {
    // Past 150 + 150 readings (and their 25 h), both tails have seen the same raw scores.
    const scorer = createAnomalyScorer({});
    const other = createAnomalyScorer(judgedAtOnce);
    const noise = createNoise(7);
    let same = 0;
    for (let i = 0; i < 1200; i++) {
      const ts = T0 + i * TEN_MIN_MS;
      const v = 100 + 2 * noise() + (i === 1100 ? 60 : 0);
      const [a, b] = [scorer.score(ts, v), other.score(ts, v)];
      if (i >= 400 && Math.abs(a - b) < 1e-12) same++;
      if (i === 1100) expect(a).toBeGreaterThan(STATISTICAL_THRESHOLD);
    }
    expect(same).toBe(800);
  });
});
