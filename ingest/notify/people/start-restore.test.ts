import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepRestoring, loggedTry, restorePolicy } from './start-restore';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the restore of open chains at start', () => {
  it('still tries after 6 failures, and after 40 (the old restore gave up after 5), then stops once it succeeds', async () => {
    let tries = 0;
    const failures: [number, number, boolean][] = [];
    const retry = keepRestoring(
      async () => {
        if (++tries <= 40) throw new Error('connect ECONNREFUSED');
      },
      (_err, attempt, waitMs, logged) => failures.push([attempt, waitMs, logged])
    );
    await retry.first;
    expect(tries).toBe(1);
    // 1 s doubling to 30 s: the 7th try comes 1+2+4+8+16+30 s after the start.
    await vi.advanceTimersByTimeAsync(61_000);
    expect(tries).toBe(7);
    await vi.advanceTimersByTimeAsync(34 * 30_000);
    expect(tries).toBe(41);
    await vi.advanceTimersByTimeAsync(10 * 30_000);
    expect(tries).toBe(41);
    expect(failures.slice(0, 7).map(([, w]) => w)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(failures.filter(([, , logged]) => logged).map(([a]) => a)).toEqual([0, 1, 2, 3, 4, 10, 20, 30]);
    retry.stop();
  });

  it('stops trying when stopped (the notifier closes)', async () => {
    let tries = 0;
    const down = async () => {
      tries++;
      throw new Error('down');
    };
    const retry = keepRestoring(down, () => undefined, restorePolicy(100));
    await retry.first;
    await vi.advanceTimersByTimeAsync(1_000);
    const before = tries;
    expect(before).toBeGreaterThan(5);
    retry.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tries).toBe(before);
  });

  it('the test knob shortens the waits; every try is logged at first, then one in ten', () => {
    expect(restorePolicy(200)).toEqual({ baseMs: 200, capMs: 200, jitter: 0 });
    expect([0, 4, 5, 9, 10, 11, 50].map(loggedTry)).toEqual([true, true, false, false, true, false, true]);
  });
});
