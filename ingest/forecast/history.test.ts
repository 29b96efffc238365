import { describe, expect, it } from 'vitest';
import { LevelHistory } from './history';
import { resolveForecasterOptions } from './options';

const MIN = 60_000;

describe('level history on a bucket grid', () => {
  it('bridges a short gap with a straight line and leaves a long one empty', () => {
    const h = new LevelHistory(5 * MIN, 8 * 60 * MIN, 60 * MIN);
    h.push(0, 100);
    h.push(30 * MIN, 130); // 30-min gap: bridged, 5 cm per 5 min
    expect(h.at(10 * MIN)).toBeCloseTo(115);
    expect(h.push(4 * 60 * MIN, 10)).toBeGreaterThan(0); // 3.5-h gap: not bridged
    expect(h.at(2 * 60 * MIN)).toBeNaN();
    expect(h.at(5 * 60 * MIN)).toBe(10); // after the newest reading: held
    expect(h.at(-10 * 60 * MIN)).toBeNaN(); // older than the ring
  });

  it('keeps the last reading of a bucket and ignores readings older than the last', () => {
    const h = new LevelHistory(5 * MIN, 8 * 60 * MIN, 60 * MIN);
    h.push(MIN, 1);
    h.push(2 * MIN, 2);
    expect(h.push(MIN, 99)).toBe(0);
    expect(h.at(0)).toBe(2);
    expect(h.bytes).toBeLessThan(1000);
  });
});

describe('forecaster options', () => {
  it('are checked once: impossible values throw, the defaults are frozen', () => {
    expect(() => resolveForecasterOptions({ forgetting: 1.5 })).toThrow(RangeError);
    expect(() => resolveForecasterOptions({ bucketS: 0 })).toThrow(RangeError);
    expect(() => resolveForecasterOptions({ historyS: 3600 })).toThrow(RangeError);
    expect(Object.isFrozen(resolveForecasterOptions())).toBe(true);
  });
});
