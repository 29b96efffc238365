import { describe, it, expect } from 'vitest';
import { nextRestartDelayMs, RESTART_MAX_MS, RESTART_MIN_MS, STABLE_UPTIME_MS } from './supervise';

describe('nextRestartDelayMs', () => {
  it('starts at 1 s and doubles while the child keeps crashing', () => {
    const delays: number[] = [];
    let d = 0;
    for (let i = 0; i < 7; i++) delays.push((d = nextRestartDelayMs(d, 100)));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('goes back to the minimum after a stable run', () => {
    expect(nextRestartDelayMs(RESTART_MAX_MS, STABLE_UPTIME_MS)).toBe(RESTART_MIN_MS);
    expect(nextRestartDelayMs(RESTART_MAX_MS, STABLE_UPTIME_MS - 1)).toBe(RESTART_MAX_MS);
  });
});
