import { describe, expect, it } from 'vitest';
import { holdToSeenRange } from './seen-range';
import { predictRainUp, rainFrom } from './rain-direction';

describe('rain beyond what a regression has seen', () => {
  // [constant, own rise, rain 0–30 min, rain 30–120 min]: the rain is the last two features
  const d = 4;
  const rain = rainFrom(d);
  const dot = (w: number[], x: number[]) => w.reduce((s, wi, i) => s + wi * x[i], 0);

  it('drops the part beyond the bound that would lower the river (collinear windows, net negative)', () => {
    const w = Float64Array.of(1, 2, 9.5, -42);
    const held = Float64Array.of(1, 10, 14.4, 14.4);
    const x = Float64Array.of(1, 10, 45, 45);
    expect(rain).toBe(2);
    expect(predictRainUp(w, 0, held, x, d, rain)).toBeCloseTo(dot([1, 2, 9.5, -42], [1, 10, 14.4, 14.4]), 9);
  });

  it('adds the part beyond the bound that raises it, at the learned weights', () => {
    const w = Float64Array.of(1, 2, 3, 1);
    const held = Float64Array.of(1, 10, 15, 15);
    const x = Float64Array.of(1, 10, 40, 30);
    expect(predictRainUp(w, 0, held, x, d, rain)).toBeCloseTo(dot([1, 2, 3, 1], [1, 10, 40, 30]), 9);
  });

  it('reads rain within its bound as learned, a negative term included (rain that has passed: the rise is ending)', () => {
    const w = Float64Array.of(1, 2, 3, -4);
    const x = Float64Array.of(1, 10, 0, 8);
    expect(predictRainUp(w, 0, x, x, d, rain)).toBeCloseTo(1 + 20 - 32, 9);
  });

  it('leaves the other inputs held: only rain goes past the bound', () => {
    const w = Float64Array.of(0, 2, 0, 0);
    const held = Float64Array.of(1, 10, 0, 0);
    const x = Float64Array.of(1, 500, 0, 0);
    expect(predictRainUp(w, 0, held, x, d, rain)).toBe(20);
  });
});

describe('rain below its seen range', () => {
  it('less rain than ever seen does not raise the forecast (the comment: more rain never lowers a river)', () => {
    // [constant, own rise, rain 0–30, rain 30–120]; trained only in steady rain: 30–120-min rain seen 5..6 mm/h
    const d = 4;
    const range = Float64Array.of(1, 0, 0, 5, /* hi */ 1, 10, 20, 6);
    const w = Float64Array.of(0, 1, 2, -4); // passed rain: the rise is ending
    const x = Float64Array.of(1, 5, 0, 0); // the rain has stopped
    const held = new Float64Array(d);
    holdToSeenRange(held, range, 0, x, d, 2); // 30–120 held at 5 - 2 = 3
    const withHeld = w.reduce((s, wi, i) => s + wi * held[i], 0);
    expect(predictRainUp(w, 0, held, x, d, rainFrom(d))).toBeLessThanOrEqual(withHeld);
  });
});
