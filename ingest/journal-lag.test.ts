import { describe, expect, it } from 'vitest';
import { createJournalLag } from './journal-lag';

function setup(maxSamples?: number) {
  const state = { t: 0, appended: 0, pending: 0 };
  const lag = createJournalLag({ appended: () => state.appended, pending: () => state.pending, now: () => state.t, maxSamples });
  /** One second passes: `n` lines appended, `confirmed` of the pending ones confirmed, then the sample. */
  const second = (n: number, confirmed: number) => {
    state.t += 1000;
    state.appended += n;
    state.pending += n - confirmed;
    lag.sample();
  };
  return { state, lag, second };
}

describe('journal lag in seconds', () => {
  it('is 0 while InfluxDB keeps up, however much flows', () => {
    const { lag, second } = setup();
    for (let i = 0; i < 10; i++) second(5000, 5000);
    expect(lag.seconds()).toBe(0);
  });

  it('grows with an outage and falls back to 0 once InfluxDB caught up', () => {
    const { lag, second } = setup();
    second(100, 100);
    for (let i = 0; i < 30; i++) second(100, 0); // InfluxDB away for 30 s
    // The last caught-up sample is 30 s old: the oldest waiting line is younger than that.
    expect(lag.seconds()).toBe(30);
    second(100, 1600); // half the backlog confirmed: lines up to 15 s ago
    expect(lag.seconds()).toBeGreaterThanOrEqual(15);
    expect(lag.seconds()).toBeLessThanOrEqual(17);
    second(0, 1500);
    expect(lag.seconds()).toBe(0);
  });

  it('is at least the sampled window when the backlog is older than every sample', () => {
    const { lag, second } = setup(10);
    for (let i = 0; i < 50; i++) second(10, 0);
    expect(lag.seconds()).toBe(9);
  });

  it('is 0 before the first sample', () => {
    const { state, lag } = setup();
    state.appended = 10;
    state.pending = 10;
    expect(lag.seconds()).toBe(0);
  });
});
