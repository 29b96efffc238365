import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { createSendThrottle } from './send-throttle';

const INTERVAL_MS = 250;

describe('createSendThrottle (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 10, 28, 6, 0, 0));
  });
  afterEach(() => vi.useRealTimers());

  it('sends at once when nothing was sent for a full interval', () => {
    const send = vi.fn();
    const t = createSendThrottle(INTERVAL_MS, send);
    t.notify();
    expect(send).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(INTERVAL_MS);
    t.notify();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('holds a batch that comes too soon until the interval mark, then sends it once', () => {
    const send = vi.fn();
    const t = createSendThrottle(INTERVAL_MS, send);
    t.notify(); // sent at 0
    vi.advanceTimersByTime(100);
    t.notify();
    t.notify();
    expect(send).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(149);
    expect(send).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1); // the 250 ms mark
    expect(send).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(send).toHaveBeenCalledTimes(2); // nothing new, nothing sent
  });

  it('never sends more than once per interval however often it is notified', () => {
    const sentAt: number[] = [];
    const t = createSendThrottle(INTERVAL_MS, () => sentAt.push(Date.now()));
    const start = Date.now();
    for (let ms = 0; ms < 2000; ms += 7) {
      t.notify();
      vi.advanceTimersByTime(7);
    }
    vi.advanceTimersByTime(INTERVAL_MS);
    // Continuous load: the first at once, then exactly one every 250 ms (0, 250, … 2000: the last notify
    // at 1995 ms is sent at the 2000 ms mark).
    expect(sentAt.map((t) => t - start)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('after a quiet spell the next batch goes at once again', () => {
    const send = vi.fn();
    const t = createSendThrottle(INTERVAL_MS, send);
    t.notify();
    vi.advanceTimersByTime(50);
    t.notify(); // scheduled for 250
    vi.advanceTimersByTime(200);
    expect(send).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(400); // 650: last send at 250 is 400 ms old
    t.notify();
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('close cancels a scheduled send and ignores later notifications', () => {
    const send = vi.fn();
    const t = createSendThrottle(INTERVAL_MS, send);
    t.notify();
    vi.advanceTimersByTime(10);
    t.notify();
    t.close();
    vi.advanceTimersByTime(1000);
    t.notify();
    expect(send).toHaveBeenCalledTimes(1);
  });
});
