import { describe, expect, it } from 'vitest';
import { CLOCK_WINDOW, measureClockOffset, NO_CLOCK_OFFSET, type ClockOffsetWindow } from './clock-offset';

const HOUR = 3_600_000;
function measureAll(measured: readonly number[], from: ClockOffsetWindow = NO_CLOCK_OFFSET): number[] {
  const offsets: number[] = [];
  let clock = from;
  for (const m of measured) {
    clock = measureClockOffset(clock, m);
    offsets.push(clock.offsetMs);
  }
  return offsets;
}

describe('measureClockOffset', () => {
  it('takes the first measurement as it is', () => {
    expect(measureClockOffset(NO_CLOCK_OFFSET, -420).offsetMs).toBe(-420);
  });

  it('stays put while a busy page handles every other status 1.5 s late', () => {
    expect(measureAll([0, -1500, 0, -1500, 0, -1500, 0, -1500, -3, -1480, 12])).toEqual(Array(11).fill(0));
  });

  it('stays put over a run of late statuses shorter than the window', () => {
    expect(measureAll([0, ...Array(CLOCK_WINDOW - 1).fill(-1500), 0])).toEqual(Array(CLOCK_WINDOW + 1).fill(0));
  });

  it('follows a browser clock stepped back 1 h at the next status, late or not', () => {
    expect(measureAll([0, -1500, 0, HOUR - 1500, HOUR])).toEqual([0, 0, 0, HOUR - 1500, HOUR]);
  });

  it('follows a browser clock stepped forward 1 h once the window has passed (~30 s)', () => {
    const offsets = measureAll([0, 0, ...Array(CLOCK_WINDOW).fill(-HOUR)]);
    expect(offsets.slice(0, CLOCK_WINDOW + 1)).toEqual(Array(CLOCK_WINDOW + 1).fill(0));
    expect(offsets[CLOCK_WINDOW + 1]).toBe(-HOUR);
  });

  it('ignores jitter under a second, and keeps at most the window', () => {
    const clock = measureClockOffset(measureClockOffset(NO_CLOCK_OFFSET, -800), -20);
    expect(clock.offsetMs).toBe(-800);
    let many = NO_CLOCK_OFFSET;
    for (let i = 0; i < 100; i++) many = measureClockOffset(many, i);
    expect(many.measured).toHaveLength(CLOCK_WINDOW);
  });
});
