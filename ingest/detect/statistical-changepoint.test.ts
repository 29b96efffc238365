import { describe, expect, it } from 'vitest';
import { AR_FIELDS, CP_FIELDS, CP_TAIL_REGION, arInnovation, arPhi, changePointNats, changePointSurprise } from './statistical-changepoint';
import type { Sensor } from '../../src/lib/core/sensor';
import type { SizedSensorDetector } from './finding';
import { createStatisticalDetector } from './statistical';
import { createAnomalyScorer } from './statistical-scorer';

/** Deterministic Normal noise (Box–Muller over a fixed LCG), so tests never flake. */
function createGaussian(seed = 7): () => number {
  let x = seed;
  const uniform = () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return (x + 1) / 2_147_483_649;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

const K = 4;
const HAZARD = 1 / 288; // one regime change a day at 5-minute readings

describe('changePointNats (truncated Bayesian online change points)', () => {
  it('finds a level shift of 5 σ in Normal noise at its first reading, above every quiet reading before it', () => {
    const a = new Float32Array(K * CP_FIELDS);
    const noise = createGaussian();
    let quietMax = 0;
    // The prior's spread is a mean absolute deviation: 0.8 σ for Normal noise.
    for (let i = 0; i < 2000; i++) quietMax = Math.max(quietMax, changePointNats(a, 0, K, noise(), 0, 0.8, HAZARD));
    const first = changePointNats(a, 0, K, 5 + noise(), 0, 0.8, HAZARD);
    expect(first).toBeGreaterThan(quietMax);
    expect(first).toBeGreaterThan(8); // nats: a change thousands of times likelier than the hazard says
    // Once the new regime is the likely one, the next readings of it are no longer news.
    expect(changePointNats(a, 0, K, 5 + noise(), 0, 0.8, HAZARD)).toBeLessThan(1);
  });

  it('does not reach its quiet maximum at a 3 σ shift (one reading of evidence: a limit, README)', () => {
    const a = new Float32Array(K * CP_FIELDS);
    const noise = createGaussian();
    let quietMax = 0;
    for (let i = 0; i < 2000; i++) quietMax = Math.max(quietMax, changePointNats(a, 0, K, noise(), 0, 0.8, HAZARD));
    const first = changePointNats(a, 0, K, 3 + noise(), 0, 0.8, HAZARD);
    expect(first).toBeGreaterThan(1);
    expect(first).toBeLessThan(quietMax);
  });

  it('keeps at most K hypotheses whatever it sees, with finite normalised weights', () => {
    const a = new Float64Array(K * CP_FIELDS + 2).fill(0);
    a[K * CP_FIELDS] = 12345; // a neighbour's number right after the region
    const noise = createGaussian(3);
    for (let i = 0; i < 20_000; i++) {
      const x = (i % 997 < 10 ? 1e6 : 0) + 1e3 * noise();
      const nats = changePointNats(a, 0, K, x, 0, 800, HAZARD);
      expect(nats >= 0 && nats <= 50).toBe(true);
    }
    expect(a[K * CP_FIELDS]).toBe(12345);
    let total = 0;
    for (let h = 0; h < K; h++) {
      expect(Number.isFinite(a[h * CP_FIELDS + 3])).toBe(true);
      total += Math.exp(a[h * CP_FIELDS + 3]);
    }
    expect(total).toBeCloseTo(1, 3);
  });

  it('says nothing on the first reading (it begins the first regime)', () => {
    expect(changePointNats(new Float32Array(K * CP_FIELDS), 0, K, 123, 0, 1, HAZARD)).toBe(0);
  });

  it('judges a Bayes factor against the series’ own past: a usual one is no news, a larger one is', () => {
    const t = new Float32Array(CP_TAIL_REGION);
    t[CP_TAIL_REGION - 2] = 1; // the forgetting scale starts at 1
    for (let i = 0; i < 5000; i++) changePointSurprise(t, 0, i % 10 === 0 ? 2 : 0, 1e-3);
    const usual = changePointSurprise(t, 0, 2, 1e-3);
    expect(usual).toBeLessThan(4.5); // a tenth of the past was at least 2 (−ln 0.1 ≈ 2.3, plus the bin's width)
    expect(changePointSurprise(t, 0, 30, 1e-3)).toBeGreaterThan(usual + 3);
  });
});

describe('the AR(1) innovation fed to the change-point model', () => {
  /** An AR(1) series of persistence `phi` (unit innovations), shifted by `shift` from reading `at` on. */
  function ar1(phi: number, seed: number, shift = 0, at = Infinity): (i: number) => number {
    const noise = createGaussian(seed);
    let r = 0;
    return (i) => (r = phi * r + noise()) + (i >= at ? shift : 0);
  }

  it('learns the persistence of an AR(1) series, and none in white noise', () => {
    for (const [phi, seed] of [[0.9, 11], [0.5, 5], [0, 3]]) {
      const a = new Float32Array(AR_FIELDS);
      const x = ar1(phi, seed);
      for (let i = 0; i < 3000; i++) arInnovation(a, 0, x(i), i === 0 ? 0 : 1, Math.max(0.01, 1 / (i + 1)));
      expect(Math.abs(arPhi(a, 0) - phi)).toBeLessThan(0.1);
    }
  });

  it('puts a residual with no previous reading to condition on (first one, after a gap) on the scale of one step', () => {
    const a = new Float32Array(AR_FIELDS);
    for (let i = 0; i < 500; i++) arInnovation(a, 0, i % 2 ? 1 : 0.9, 1, 0.01);
    const phi = arPhi(a, 0);
    expect(phi).toBeGreaterThan(0.5);
    // its spread is the residual's, √(1 − φ²) wider than an innovation's, which the regimes are sized for
    expect(arInnovation(a, 0, 7, 0, 0.01)).toBeCloseTo(7 * Math.sqrt(1 - phi * phi), 4);
    expect(arPhi(a, 0)).toBe(phi); // nothing learnt from a pair across a gap
    expect(arInnovation(a, 0, 7, 1, 0.01)).toBeCloseTo(7 - phi * 7, 4);
  });

  it('does not take the first reading after a gap for a change more often than any other (AR(1), φ 0.9)', () => {
    const gen = ar1(0.9, 21);
    const a = new Float32Array(AR_FIELDS);
    let [sumGap, nGap, sumStep, nStep] = [0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      const afterGap = i % 50 === 0;
      const e = arInnovation(a, 0, gen(i), afterGap ? 0 : 1, 0.01);
      if (i < 1000) continue;
      if (afterGap) [sumGap, nGap] = [sumGap + e * e, nGap + 1];
      else [sumStep, nStep] = [sumStep + e * e, nStep + 1];
    }
    const ratio = Math.sqrt(sumGap / nGap / (sumStep / nStep));
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.4);
  });

  it('scores an AR(1) series without a change lower than the same series at a level shift (8 innovations, 3.5 of its spreads)', () => {
    const sdResidual = 1 / Math.sqrt(1 - 0.9 * 0.9);
    const nats = (seed: number, shift: number): { quiet: number; atShift: number } => {
      const cp = new Float32Array(K * CP_FIELDS);
      const a = new Float32Array(AR_FIELDS);
      const x = ar1(0.9, seed, shift, 3000);
      let quiet = 0;
      let atShift = 0;
      for (let i = 0; i <= 3000; i++) {
        const spread = 0.8 * sdResidual * Math.sqrt(1 - arPhi(a, 0) ** 2); // as statistical-opinions.ts scales it
        const e = arInnovation(a, 0, x(i), i === 0 ? 0 : 1, Math.max(0.01, 1 / (i + 1)));
        const v = changePointNats(cp, 0, K, e, 0, spread, HAZARD);
        if (i >= 500 && i < 3000) quiet = Math.max(quiet, v);
        else if (i === 3000) atShift = v;
      }
      return { quiet, atShift };
    };
    for (const seed of [3, 5, 7, 11]) {
      const still = nats(seed, 0);
      const shifted = nats(seed, 8);
      expect(shifted.quiet).toBe(still.quiet); // the same series up to the shift
      expect(shifted.atShift).toBeGreaterThan(still.quiet);
      expect(shifted.atShift).toBeGreaterThan(still.atShift + 5);
    }
  });
});

describe('the scorer with the change-point opinion on', () => {
  const STEP_MS = 300_000;
  const T0 = Date.UTC(2026, 0, 5);

  it('keeps a fixed state within 4 KB per series with the pattern channel beside it', () => {
    const off = createAnomalyScorer({ changePointHypotheses: 0 });
    const on = createAnomalyScorer({ changePointHypotheses: K });
    expect(on.stateBytes() - off.stateBytes()).toBe((CP_TAIL_REGION + AR_FIELDS + K * CP_FIELDS) * 4);
    expect(createAnomalyScorer({ changePointHypotheses: K, changePointArRate: 0 }).stateBytes() - off.stateBytes()).toBe((CP_TAIL_REGION + K * CP_FIELDS) * 4);
    const noise = createGaussian(5);
    const before = on.stateBytes();
    // A day's gap every 50 readings: the hazard follows elapsed time, the state does not grow.
    for (let i = 0; i < 30_000; i++) expect(on.score(T0 + i * STEP_MS + Math.floor(i / 50) * 86_400_000, 100 + noise())).toBeLessThanOrEqual(1);
    expect(on.stateBytes()).toBe(before);
    const gauge: Sensor = { id: 'g', kind: 'flood', name: 'g', district: 'd', lat: 0, lon: 0, intervalS: 300 };
    const rule = createStatisticalDetector({ scorer: { changePointHypotheses: K } }).create(gauge) as SizedSensorDetector;
    expect(rule.stateBytes()).toBeLessThanOrEqual(4096); // one watched field: scorer, pattern channel, bookkeeping
  });

  it('is on by default (4 hypotheses, AR input); its surprise at a level shift is at least that of the scorer without it', () => {
    const run = (opts: object): number[] => {
      const s = createAnomalyScorer(opts);
      const n = createGaussian(11);
      const out: number[] = [];
      for (let i = 0; i < 3000; i++) {
        s.score(T0 + i * STEP_MS, 100 + n() + (i >= 2900 ? 6 : 0));
        out.push(s.lastSurprise());
      }
      return out;
    };
    expect(run({ changePointHypotheses: K, changePointArRate: 0.01 })).toEqual(run({}));
    const on = run({});
    const off = run({ changePointHypotheses: 0 });
    expect(on[2900]).toBeGreaterThanOrEqual(off[2900]);
    expect(on[2900]).toBeGreaterThan(8.9); // the rule's threshold 0.639 is about 8.9 nats
  });
});
