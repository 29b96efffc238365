import { describe, it, expect } from 'vitest';
import { buildReplayQuery, parseReplayWindow, REPLAY_MAX_FRAMES, REPLAY_MAX_RANGE_MS } from './replay';

describe('replay window', () => {
  const now = Date.UTC(2025, 0, 10);
  it('defaults to the last 6 h and grows the step to stay within 500 frames', () => {
    const w = parseReplayWindow({ from: null, to: null, step: null }, now);
    if ('error' in w) throw new Error(w.error);
    expect(w.to - w.from).toBe(6 * 3_600_000);
    expect((w.to - w.from) / 1000 / w.stepS).toBeLessThanOrEqual(REPLAY_MAX_FRAMES);
    const small = parseReplayWindow({ from: String(now - 60_000), to: String(now), step: '5' }, now);
    expect(small).toEqual({ from: now - 60_000, to: now, stepS: 5 });
  });
  it('accepts ISO times, clamps a long range, refuses from ≥ to', () => {
    const w = parseReplayWindow({ from: '2024-01-01T00:00:00+08:00', to: '2025-01-01T00:00:00Z', step: '1' }, now);
    if ('error' in w) throw new Error(w.error);
    expect(w.to - w.from).toBe(REPLAY_MAX_RANGE_MS);
    expect(w.stepS).toBeGreaterThanOrEqual(REPLAY_MAX_RANGE_MS / 1000 / REPLAY_MAX_FRAMES);
    expect(parseReplayWindow({ from: String(now), to: String(now - 1), step: null }, now)).toHaveProperty('error');
  });
  it('refuses a time given but impossible (30 February, 24:00) instead of answering a default window', () => {
    for (const [from, to] of [['2026-02-01', '2026-02-30'], ['2026-02-30', '2026-03-01'], ['2026-12-01T24:00', '2026-12-02'], ['kemarin', null]]) {
      expect(parseReplayWindow({ from, to, step: null }, now)).toHaveProperty('error');
    }
  });
  it('reads a date or time without a zone as WITA, as the page shows it', () => {
    const w = parseReplayWindow({ from: '2025-01-09', to: '2025-01-09T14:00', step: null }, now);
    if ('error' in w) throw new Error(w.error);
    expect([w.from, w.to]).toEqual([Date.UTC(2025, 0, 8, 16), Date.UTC(2025, 0, 9, 6)]);
  });
  it('builds one quoted query per kind with integer times', () => {
    const q = buildReplayQuery('flood', { from: 1000, to: 2000, stepS: 60 });
    expect(q).toBe('SELECT MAX("water_level") AS "water_level", MAX("rainfall") AS "rainfall" FROM "flood" WHERE time >= 1000ms AND time <= 2000ms GROUP BY time(60s), "sensor" fill(none)');
  });
});
