import { describe, expect, it } from 'vitest';
import type { LiveReading } from '../core/reading';
import { stateAtSeverity } from '../core/state-fixtures';
import { foldNewest, newestOfAll } from './newest';

const T = Date.UTC(2026, 11, 7, 2, 0);
const reading = (kind: 'flood' | 'air', ts: number) => ({ sensorId: `${kind}-1`, kind, district: 'd', ts, severity: 0, state: stateAtSeverity(kind, 0), values: {} }) satisfies LiveReading;

describe('foldNewest', () => {
  it('caps a future-dated reading at its arrival, per kind', () => {
    const byKind = foldNewest(new Map(), [reading('flood', T + 270_000), reading('air', T - 60_000)], T);
    expect([...byKind]).toEqual([['flood', T], ['air', T - 60_000]]);
    expect(newestOfAll(byKind)).toBe(T);
  });

  it('returns the same map when nothing got newer, a new one when something did', () => {
    const first = foldNewest(new Map(), [reading('flood', T)], T);
    expect(foldNewest(first, [reading('flood', T - 1_000), reading('flood', T + 60_000)], T)).toBe(first);
    const later = foldNewest(first, [reading('flood', T + 5_000)], T + 5_000);
    expect(later).not.toBe(first);
    expect(later.get('flood')).toBe(T + 5_000);
    expect(first.get('flood')).toBe(T);
  });

  it('is 0 with nothing heard', () => {
    expect(newestOfAll(new Map())).toBe(0);
  });
});
