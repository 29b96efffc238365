import { describe, it, expect } from 'vitest';
import { labelRows, probationLength, rawAtThreshold, scaledSigmoid, scoreCorpus, scoreLeaveOneCategoryOut, type ScoredFile } from './score';

/*
 * A synthetic file of 600 rows, one window over rows 200..399 (width 200).
 * Probation: floor(0.15 × 600) = 90 rows, so rows 0..89 are never scored.
 * σ(y) = 2/(1+e^(5y)) − 1;  σ(−1) = 2/(1+e^−5) − 1 = 2/1.0067379 − 1 = 0.9866143.
 */
const ROWS = 600;
const timestamps = Array.from({ length: ROWS }, (_, i) => `2020-01-01 ${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`);
const windows = [[`${timestamps[200]}.000000`, `${timestamps[399]}.000000`]] as const;

function fileWith(detections: Record<number, number>, key = 'cat/a.csv'): ScoredFile {
  const scores = new Float64Array(ROWS);
  for (const [row, score] of Object.entries(detections)) scores[Number(row)] = score;
  return { key, timestamps, scores, windows };
}

describe('scaledSigmoid and probation', () => {
  it('follows NAB: σ(−1) ≈ 0.98661, σ(0) = 0, clamps beyond y = 3', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.9866143, 6);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.5)).toBe(-1);
  });
  it('is 15 % of the rows, at most 750', () => {
    expect(probationLength(40)).toBe(6); // floor(6.0)
    expect(probationLength(600)).toBe(90);
    expect(probationLength(10_000)).toBe(750); // 1500 capped
  });
});

describe('labelRows', () => {
  const labels = labelRows(timestamps, windows);
  it('gives exactly 1 (→ A_TP) at the window start', () => {
    // y = −(399 − 200 + 1)/200 = −1 → σ(−1)/σ(−1) = 1
    expect(labels.weight[200]).toBe(1);
    expect(labels.window[200]).toBe(0);
  });
  it('gives about 0 at the window end', () => {
    // y = −1/200 = −0.005 → σ = tanh(0.0125) = 0.0124993; / 0.9866143 = 0.0126689
    expect(labels.weight[399]).toBeCloseTo(0.0126689, 6);
  });
  it('costs −1 (→ −A_FP) before the first window', () => {
    expect(labels.weight[100]).toBe(-1);
    expect(labels.window[100]).toBe(-1);
  });
  it('costs almost nothing just after a window and ≈ −1 one window length later', () => {
    // row 400: y = |399 − 400| / (200 − 1) = 0.0050251 → σ = −tanh(0.0125628) = −0.0125621
    expect(labels.weight[400]).toBeCloseTo(-0.0125621, 6);
    // row 598: y = 199/199 = 1 → σ(1) = −0.9866143
    expect(labels.weight[598]).toBeCloseTo(-0.9866143, 6);
  });
});

describe('labelRows on windows that are not row texts', () => {
  const same = labelRows(timestamps, windows);
  it('places edges by time when rows are written "T"-separated (as NAB labels rows by time)', () => {
    const tRows = timestamps.map((t) => t.replace(' ', 'T'));
    const l = labelRows(tRows, windows);
    expect([...l.window]).toEqual([...same.window]);
    expect([...l.weight]).toEqual([...same.weight]);
  });
  it('takes the first row at or after the start and the last at or before the end when no row sits at an edge', () => {
    const gappy = timestamps.filter((_, i) => i !== 200 && i !== 399);
    const l = labelRows(gappy, windows);
    // rows 201..398 of the full file are rows 200..397 here
    expect(l.window.indexOf(0)).toBe(200);
    expect(l.window.lastIndexOf(0)).toBe(397);
    expect(l.weight[200]).toBe(1);
  });
  it('takes windows in row order whatever their order in the labels file', () => {
    const two = [[timestamps[400], timestamps[449]], [timestamps[200], timestamps[249]]] as const;
    const l = labelRows(timestamps, two);
    expect([l.window[200], l.window[249], l.window[300], l.window[400], l.window[449]]).toEqual([0, 0, -1, 1, 1]);
    expect(l.weight[300]).toBeLessThan(0); // an FP after the first window, not before any
    expect(l.weight[300]).toBeGreaterThan(-1);
  });
});

describe('scoreCorpus', () => {
  it('a detection at the window start earns exactly A_TP and normalises to 100 (perfect)', () => {
    const r = scoreCorpus([fileWith({ 200: 1 })]);
    // raw = 1; null = −1 × 1 window; perfect = +1 → 100 × (1 − (−1)) / 2 = 100
    expect(r.standard.raw).toBe(1);
    expect(r.standard.normalized).toBe(100);
    expect(r.reward_low_FN_rate.normalized).toBe(100); // null = −2: 100 × 3/3
  });
  it('a detection at the window end earns ≈ 0', () => {
    const r = scoreCorpus([fileWith({ 399: 1 })]);
    // raw = 0.0126689 (vs −1 for missing it) → 100 × 1.0126689 / 2 = 50.633
    expect(r.standard.raw).toBeCloseTo(0.0126689, 6);
    expect(r.standard.normalized).toBeCloseTo(50.633, 2);
  });
  it('only the first detection in a window counts', () => {
    // rows 200 (1.0) and 250 (≈0.75) both detected: still raw = 1, no extra reward, no cost
    const r = scoreCorpus([fileWith({ 200: 1, 250: 1, 300: 1 })]);
    expect(r.standard.raw).toBe(1);
    expect(r.standard.tp).toBe(1);
  });
  it('an FP just after a window costs almost nothing', () => {
    // raw = 1 + 0.11 × (−0.0125621) = 0.9986182
    const r = scoreCorpus([fileWith({ 200: 1, 400: 1 })]);
    expect(r.standard.raw).toBeCloseTo(0.9986182, 6);
    expect(r.standard.fp).toBe(1);
  });
  it('an FP before the first window costs the full −A_FP per profile', () => {
    // both score 1 → one threshold: raw = 1 − A_FP; standard 0.89, low-FP 0.78
    const r = scoreCorpus([fileWith({ 200: 1, 100: 1 })]);
    expect(r.standard.raw).toBeCloseTo(0.89, 10);
    expect(r.reward_low_FP_rate.raw).toBeCloseTo(0.78, 10);
  });
  it('ignores detections in the probationary period', () => {
    const r = scoreCorpus([fileWith({ 200: 1, 10: 1 })]);
    expect(r.standard.raw).toBe(1);
    expect(r.standard.fp).toBe(0);
  });
  it('the null detector (never fires, or constant 0.5) normalises to 0', () => {
    // constant score: the only thresholds are "above everything" (raw −1) and 0.5 (every row detected:
    // +1 for the window, −0.11 × 110 pre-window rows, … ) → the sweep keeps −1 → 0
    const constant = { ...fileWith({}), scores: new Float64Array(ROWS).fill(0.5) };
    expect(scoreCorpus([constant]).standard.normalized).toBe(0);
    expect(scoreCorpus([fileWith({})]).reward_low_FN_rate.normalized).toBe(0);
  });
  it('picks one threshold shared by all files', () => {
    // file a: TP at 0.9; file b: a pre-window FP at 0.95 and its TP at 0.8.
    // threshold 0.95: −0.11 − 2 misses = −2.11; 0.9: 1 − 0.11 − 1 = −0.11; 0.8: 1 − 0.11 + 1 = 1.89 → best
    const r = scoreCorpus([fileWith({ 200: 0.9 }, 'c/a.csv'), fileWith({ 100: 0.95, 200: 0.8 }, 'c/b.csv')]);
    expect(r.standard.threshold).toBe(0.8);
    expect(r.standard.raw).toBeCloseTo(1.89, 10);
    // null −2, perfect 2 → 100 × 3.89 / 4 = 97.25
    expect(r.standard.normalized).toBeCloseTo(97.25, 10);
  });
});

describe('rawAtThreshold and leave-one-category-out', () => {
  it('scores a fixed threshold as the sweep does at that threshold', () => {
    const files = [fileWith({ 200: 0.9 }, 'c/a.csv'), fileWith({ 100: 0.95, 200: 0.8 }, 'c/b.csv')];
    const at = rawAtThreshold(files, 'standard', 0.8);
    expect(at.raw).toBeCloseTo(scoreCorpus(files).standard.raw, 10);
    expect(at).toMatchObject({ windows: 2, tp: 2, fp: 1 });
    // 0.9: file a found (1), file b missed (−1) and its FP at 0.95 (−0.11)
    expect(rawAtThreshold(files, 'standard', 0.9).raw).toBeCloseTo(-0.11, 10);
  });
  it('applies to each category the threshold chosen on the others', () => {
    // category x alone would choose 0.9; category y alone 0.3, where x's FP at 0.5 would fire.
    const x = fileWith({ 200: 0.9, 100: 0.5 }, 'x/a.csv');
    const y = fileWith({ 200: 0.3 }, 'y/b.csv');
    // held-out x gets y's threshold 0.3: TP (1) and FP (−0.11); held-out y gets x's 0.9: missed (−1)
    // raw −0.11, null −2, perfect 2 → 100 × 1.89 / 4 = 47.25
    expect(scoreLeaveOneCategoryOut([x, y], 'standard')).toBeCloseTo(47.25, 10);
    // the sweep on both together can do better: threshold 0.3 → 1 − 0.11 + 1 = 1.89 → 97.25
    expect(scoreCorpus([x, y]).standard.normalized).toBeCloseTo(97.25, 10);
  });
});
