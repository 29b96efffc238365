import { describe, it, expect } from 'vitest';
import { ART_PRODUCT_OPTIONS, ArtChannel, confidence, nabProbation, patternScore } from './art-channel';
import { ART_LEVELS, MEDIAN_HALVE_AT, haar8, updateMedian } from './art-features';
import { createNoise } from './test-support';

const STEP_MS = 5 * 60_000;
const T0 = Date.UTC(2026, 0, 5);


function feed(ch: ArtChannel, values: (i: number) => number, n: number, from = 0): number[] {
  const out: number[] = [];
  for (let i = from; i < from + n; i++) out.push(ch.score(T0 + i * STEP_MS, values(i)));
  return out;
}

describe('ArtChannel', () => {
  it('flags a level shift once, at the new level, then masks it', () => {
    const ch = new ArtChannel({ probationRecords: 750, min: 0, max: 100, capacity: 48 });
    const noise = createNoise(7);
    const flat = feed(ch, () => 20 + 0.5 * noise(), 3000);
    expect(flat.every((s) => s === 0)).toBe(true);
    const after = feed(ch, () => 80 + 0.5 * noise(), 400, 3000);
    const hits = after.flatMap((s, i) => (s > 0 ? [i] : []));
    expect(hits.length).toBe(1);
    expect(hits[0]).toBeLessThan(3 * ch.blocks().step);
    expect(after[hits[0]]).toBeGreaterThan(0.5);
  });

  it('learns a daily wave in probation and stays quiet on it', () => {
    const ch = new ArtChannel(ART_PRODUCT_OPTIONS);
    const noise = createNoise(3);
    const wave = (i: number) => 100 + 40 * Math.sin((2 * Math.PI * i) / 288) + 2 * noise();
    const scores = feed(ch, wave, 288 * 28);
    expect(scores.filter((s) => s > 0).length).toBeLessThanOrEqual(1);
    expect(ch.categories()).toBeLessThanOrEqual(ART_PRODUCT_OPTIONS.capacity);
  });

  it('takes its probation from the interval: a week of hourly readings is 168 blocks of one', () => {
    const ch = new ArtChannel(ART_PRODUCT_OPTIONS);
    ch.score(T0, 1);
    ch.score(T0 + 3_600_000, 1);
    expect(ch.blocks()).toEqual({ step: 1, trend: 168 });
    // 2,016 five-minute readings: blocks of 19, 106 of them (state does not grow with the week)
    const fast = new ArtChannel(ART_PRODUCT_OPTIONS);
    fast.score(T0, 1);
    fast.score(T0 + STEP_MS, 1);
    expect(fast.blocks()).toEqual({ step: 19, trend: 106 });
  });

  it('takes no interval from a repeat of the first reading (an MQTT redelivery): the next later one sets it', () => {
    const ch = new ArtChannel(ART_PRODUCT_OPTIONS);
    ch.score(T0, 1);
    ch.score(T0, 1);
    expect(ch.blocks()).toEqual({ step: 0, trend: 0 });
    ch.score(T0 + STEP_MS, 1);
    expect(ch.blocks()).toEqual({ step: 19, trend: 106 });
  });

  it('sets its probation by the median of its first intervals, so one odd first step does not set it for good', () => {
    // resent a second later, then every 5 min: a week of 5-min readings, not 100,000 readings
    const resent = new ArtChannel(ART_PRODUCT_OPTIONS);
    for (const t of [T0, T0 + 1000, T0 + 1000 + STEP_MS, T0 + 1000 + 2 * STEP_MS]) resent.score(t, 1);
    expect(resent.blocks()).toEqual({ step: 19, trend: 106 });
    // a 3-min start among 5-min steps: the median wins
    const irregular = new ArtChannel(ART_PRODUCT_OPTIONS);
    let t = T0;
    for (const gap of [0, 180_000, STEP_MS, STEP_MS, STEP_MS, 60_000, 60_000]) irregular.score((t += gap), 1);
    expect(irregular.blocks()).toEqual({ step: 19, trend: 106 });
  });

  it('keeps a fixed state whatever the series sends', () => {
    const ch = new ArtChannel(ART_PRODUCT_OPTIONS);
    const before = ch.stateBytes();
    const noise = createNoise(5);
    feed(ch, () => 1000 * noise(), 20_000);
    expect(ch.categories()).toBeGreaterThan(10);
    expect(ch.categories()).toBeLessThanOrEqual(ART_PRODUCT_OPTIONS.capacity);
    expect(ch.stateBytes()).toBe(before);
    expect(before).toBeLessThan(4096 - 1400);
  });

  it('ignores NaN and readings older than the last', () => {
    const ch = new ArtChannel({ probationRecords: 100, min: 0, max: 1, capacity: 48 });
    expect(ch.score(T0, Number.NaN)).toBe(0);
    ch.score(T0 + STEP_MS, 0.5);
    expect(ch.score(T0, 0.9)).toBe(0);
  });
});

describe('ART pieces', () => {
  it("NAB's probation: 15 % of a short file, even; 750 from 5,000 rows", () => {
    expect(nabProbation(1624)).toBe(242);
    expect(nabProbation(4032)).toBe(604);
    expect(nabProbation(15_000)).toBe(750);
  });

  it('Haar of a step: the energy sits in the approximation and the coarsest detail', () => {
    const out = new Float64Array(8);
    haar8(Float64Array.from([1, 1, 1, 1, 0, 0, 0, 0]), out, new Float64Array(8));
    expect(out[0]).toBeCloseTo(4 / Math.sqrt(8));
    expect(out[1]).toBeCloseTo(4 / Math.sqrt(8));
    expect(Array.from(out.slice(2)).every((v) => Math.abs(v) < 1e-12)).toBe(true);
  });

  it('the running median moves one occupied level at a time towards the median', () => {
    const counts = new Uint16Array(100);
    [5, 5, 9, 9, 9, 9].forEach((level) => updateMedian(counts, 0, 90, level));
    expect(counts[90]).toBe(9);
  });

  it('keeps its 16-bit counts from overflowing over years of blocks, and still follows the median', () => {
    const counts = new Uint16Array(ART_LEVELS + 1 + 4);
    const m = ART_LEVELS + 1;
    let state = 7;
    const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    // 200,000 levels (more than 3 halvings) around 30, then 200,000 around 60: the median moves there
    for (let i = 0; i < 400_000; i++) {
      const centre = i < 200_000 ? 30 : 60;
      updateMedian(counts, 0, m, Math.min(ART_LEVELS, Math.max(0, Math.round(centre + 10 * (next() - 0.5)))));
      if (i === 199_999) expect(Math.abs(counts[m] - 30)).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(counts[m] - 60)).toBeLessThanOrEqual(1);
    let total = 0;
    for (let j = 0; j <= ART_LEVELS; j++) total += counts[j];
    expect(total).toBe(counts[m + 3]);
    expect(total).toBeLessThan(MEDIAN_HALVE_AT);
    // below and above are the counts on either side of the median, as the update keeps them
    let below = 0;
    for (let j = 0; j < counts[m]; j++) below += counts[j];
    expect(counts[m + 1]).toBe(below);
  });

  it('confidence grows as the match falls below the vigilances and the newest level misfits', () => {
    expect(confidence(0.5, 1, 0.6, 0.7)).toBeLessThan(confidence(0.3, 1, 0.6, 0.7));
    expect(confidence(0.5, 0.5, 0.6, 0.7)).toBe(1);
  });

  it("on the rule's scale an anomaly scores at least the threshold, ranked above it by confidence; no anomaly scores 0", () => {
    expect(patternScore(0, 0.639)).toBe(0);
    expect(patternScore(0.2, 0.639)).toBe(0.639);
    expect(patternScore(0.9, 0.639)).toBe(0.9);
  });
});
