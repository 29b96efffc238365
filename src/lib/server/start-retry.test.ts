import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryUntilDone } from './start-retry';

afterEach(() => vi.useRealTimers());

describe('retryUntilDone', () => {
  it('tries again 1 s, 2 s, 4 s … (at most 30 s) after each failure until the task succeeds', async () => {
    vi.useFakeTimers();
    const tries: number[] = [];
    const waits: (number | null)[] = [];
    const start = Date.now();
    const r = retryUntilDone(
      async () => {
        tries.push(Date.now() - start);
        if (tries.length < 8) throw new Error(`down ${tries.length}`);
      },
      (_err, _attempt, waitMs) => void waits.push(waitMs)
    );
    await r.first;
    expect(tries).toEqual([0]);
    await vi.advanceTimersByTimeAsync(200_000);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(tries).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 61_000, 91_000]);
  });

  it('gives up after maxTries failures, telling the last one with no wait', async () => {
    vi.useFakeTimers();
    let tries = 0;
    const waits: (number | null)[] = [];
    const r = retryUntilDone(
      async () => {
        tries++;
        throw new Error('a read that cannot succeed');
      },
      (_err, _attempt, waitMs) => void waits.push(waitMs),
      undefined,
      4
    );
    await r.first;
    await vi.advanceTimersByTimeAsync(3_600_000);
    // was: a try every 30 s for the life of the process
    expect([tries, waits]).toEqual([4, [1000, 2000, 4000, null]]);
  });

  it('stops on stop(), also when stopped while the failure is being handled', async () => {
    vi.useFakeTimers();
    let tries = 0;
    const failing = async () => {
      tries++;
      throw new Error('down');
    };
    const a = retryUntilDone(failing, () => undefined);
    await a.first;
    a.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tries).toBe(1);
    tries = 0;
    let b: ReturnType<typeof retryUntilDone> | undefined;
    b = retryUntilDone(failing, async () => b?.stop());
    await b.first;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tries).toBe(1);
  });
});
