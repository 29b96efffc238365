import { describe, expect, it } from 'vitest';
import type { LiveReading } from '../core/reading';
import { stateAtSeverity } from '../core/state-fixtures';
import { MAX_SENSORS } from './merge';
import { foldHeard, newestHeard } from './newest';

const T = Date.UTC(2026, 11, 7, 2, 0);
const reading = (sensorId: string, ts: number) =>
  ({ sensorId, kind: 'flood', district: 'd', ts, severity: 0, state: stateAtSeverity('flood', 0), values: {} }) satisfies LiveReading;

describe('foldHeard', () => {
  it('caps a future-dated reading at its arrival, per sensor', () => {
    const batch = [reading('f1', T + 270_000), reading('a1', T - 60_000)];
    expect([...foldHeard(new Map(), batch, T)]).toEqual([['f1', T], ['a1', T - 60_000]]);
    expect(newestHeard(batch, T)).toBe(T);
  });

  it('returns the same map when nothing got newer, a new one when something did', () => {
    const first = foldHeard(new Map(), [reading('f1', T)], T);
    expect(foldHeard(first, [reading('f1', T - 1_000), reading('f1', T + 60_000)], T)).toBe(first);
    const later = foldHeard(first, [reading('f1', T + 5_000)], T + 5_000);
    expect(later).not.toBe(first);
    expect(later.get('f1')).toBe(T + 5_000);
    expect(first.get('f1')).toBe(T);
  });

  it('keeps at most MAX_SENSORS sensors: a new one takes the place of the one heard least recently', () => {
    const full = new Map(Array.from({ length: MAX_SENSORS }, (_, i) => [`s${i}`, T] as const));
    const next = foldHeard(full, [reading('s0', T + 1_000), reading('new', T + 1_000)], T + 1_000);
    expect(next.size).toBe(MAX_SENSORS);
    // s0 was heard again, so s1 is the one quiet longest
    expect([next.get('new'), next.get('s0'), next.has('s1'), next.has('s2')]).toEqual([T + 1_000, T + 1_000, false, true]);
  });

  it('is 0 with nothing heard', () => {
    expect(newestHeard([], T)).toBe(0);
  });
});
