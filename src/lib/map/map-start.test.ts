import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearKioskReloads, KIOSK_MAX_RELOADS, KIOSK_RELOAD_AFTER_FAILURES, reloadKioskIfServed, retryUntilStarted, takeKioskReload } from './map-start';

const policy = { baseMs: 1_000, capMs: 8_000, jitter: 0 };

describe('retryUntilStarted', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('tries again after growing waits until the start succeeds, counting the failures', async () => {
    let calls = 0;
    const failures: number[] = [];
    retryUntilStarted(
      async () => {
        calls++;
        if (calls < 4) throw new Error(`blip ${calls}`);
      },
      { policy, onFailure: (_err, n) => failures.push(n) }
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    // then 2 s, then 4 s
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toBe(3);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(calls).toBe(4);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(4);
    expect(failures).toEqual([1, 2, 3]);
  });

  it('starts no attempt once stopped', async () => {
    let calls = 0;
    const stop = retryUntilStarted(
      async () => {
        calls++;
        throw new Error('no WebGL');
      },
      { policy, onFailure: () => undefined }
    );
    await vi.advanceTimersByTimeAsync(0);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
  });

  it('passes thrown non-errors on as errors', async () => {
    const seen: string[] = [];
    const stop = retryUntilStarted(() => Promise.reject('chunk'), { policy, onFailure: (err) => seen.push(err.message) });
    await vi.advanceTimersByTimeAsync(0);
    stop();
    expect(seen).toEqual(['chunk']);
  });
});

function memory(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

describe('takeKioskReload', () => {
  it('reloads only after enough failures, and at most a few times in a row', () => {
    const s = memory();
    expect(takeKioskReload(KIOSK_RELOAD_AFTER_FAILURES - 1, s)).toBe(false);
    const taken = Array.from({ length: KIOSK_MAX_RELOADS + 2 }, () => takeKioskReload(KIOSK_RELOAD_AFTER_FAILURES, s));
    expect(taken.filter(Boolean)).toHaveLength(KIOSK_MAX_RELOADS);
    expect(taken.at(-1)).toBe(false);
    clearKioskReloads(s);
    expect(takeKioskReload(KIOSK_RELOAD_AFTER_FAILURES, s)).toBe(true);
  });

  it('reloads without storage (a kiosk policy that turns it off)', () => {
    expect(takeKioskReload(KIOSK_RELOAD_AFTER_FAILURES, null)).toBe(true);
  });
});

describe('reloadKioskIfServed', () => {
  it('reloads after enough failures when the server serves the page', async () => {
    const reload = vi.fn();
    const probe = vi.fn(async () => true);
    expect(await reloadKioskIfServed(KIOSK_RELOAD_AFTER_FAILURES - 1, memory(), probe, reload)).toBe(false);
    expect(probe).not.toHaveBeenCalled();
    expect(await reloadKioskIfServed(KIOSK_RELOAD_AFTER_FAILURES, memory(), probe, reload)).toBe(true);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('with the server away (a proxy’s 502, no network) counts nothing and does not reload', async () => {
    const s = memory();
    const reload = vi.fn();
    for (let f = KIOSK_RELOAD_AFTER_FAILURES; f < KIOSK_RELOAD_AFTER_FAILURES + 10; f++) {
      expect(await reloadKioskIfServed(f, s, async () => false, reload)).toBe(false);
    }
    expect(reload).not.toHaveBeenCalled();
    // All its reloads are still there for when the server is back.
    const back = Array.from({ length: KIOSK_MAX_RELOADS + 1 }, () => reloadKioskIfServed(KIOSK_RELOAD_AFTER_FAILURES, s, async () => true, reload));
    expect((await Promise.all(back)).filter(Boolean)).toHaveLength(KIOSK_MAX_RELOADS);
  });

  it('does not probe once its reloads are used up', async () => {
    const s = memory();
    s.setItem('pantau.map.reloads', String(KIOSK_MAX_RELOADS));
    const probe = vi.fn(async () => true);
    expect(await reloadKioskIfServed(KIOSK_RELOAD_AFTER_FAILURES, s, probe, vi.fn())).toBe(false);
    expect(probe).not.toHaveBeenCalled();
  });
});
