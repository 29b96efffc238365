import { describe, expect, it } from 'vitest';
import { AlertOnsets, statisticalQuietReadings, typicalIntervalMs } from './onsets';

const T = 0.639;

/** Feeds [scorer, pattern] pairs (block length `step`) and returns the outputs. */
function run(readings: readonly (readonly [number, number])[], step = 1, quiet = 5.5): number[] {
  const a = new AlertOnsets(T, quiet);
  return readings.map(([s, p]) => a.next(s, p, step));
}

const quietReading = [0.1, 0] as const;
const finding = (s: number) => [s, 0] as const;

describe('AlertOnsets: one detection per alert the product would raise', () => {
  it('scores the first finding of an episode and not the findings while its alert is open', () => {
    const out = run([quietReading, finding(0.7), quietReading, quietReading, finding(0.9), quietReading]);
    expect(out).toEqual([0, 0.7, 0, 0, 0, 0]);
  });

  it('follows the alert policy\'s hold of a statistical alert: its flap window, max(60 min, 20 intervals), to the next half interval, in readings', () => {
    expect(statisticalQuietReadings(300_000)).toBe(20.5); // NAB's 5-min files: 102.5 min
    expect(statisticalQuietReadings(3_600_000)).toBe(20.5); // hourly: 20.5 h
    expect(statisticalQuietReadings(60_000)).toBe(60.5); // 1-min: the hour and half a minute
    // the alert resolves 20.5 steps after its last active reading: a finding with the 20th reading is
    // inside it (19 quiet readings between), with the 21st a new alert (20 between)
    const nineteen = Array(19).fill(quietReading);
    expect(run([finding(0.7), ...nineteen, finding(0.8)], 1, statisticalQuietReadings(300_000)).at(-1)).toBe(0);
    expect(run([finding(0.7), ...nineteen, quietReading, finding(0.8)], 1, statisticalQuietReadings(300_000)).at(-1)).toBe(0.8);
  });

  it('takes a file\'s interval as its median step (a gap or a repeated row does not set it)', () => {
    expect(typicalIntervalMs([0, 300_000, 600_000, 600_000, 4_200_000, 4_500_000, 4_800_000])).toBe(300_000);
    expect(typicalIntervalMs([5])).toBeNaN();
  });

  it('opens a new alert once its quiet readings pass without an active one (the alert policy resolves the old)', () => {
    const five = Array(5).fill(quietReading);
    expect(run([finding(0.7), ...five, finding(0.8)])).toEqual([0.7, 0, 0, 0, 0, 0, 0.8]);
    expect(run([finding(0.7), ...five.slice(1), finding(0.8)]).at(-1)).toBe(0);
    // A shorter quiet period (an option of the alert policy) resolves sooner.
    expect(run([finding(0.7), quietReading, quietReading, finding(0.8)], 1, 2).at(-1)).toBe(0.8);
  });

  it('keeps a finding active while its score holds above 0.8 of the threshold, so the quiet period starts after it', () => {
    const held = Array(10).fill(finding(0.8 * T + 0.01));
    const out = run([finding(0.7), ...held, quietReading, quietReading, finding(0.75)]);
    expect(out.filter((v) => v > 0)).toEqual([0.7]);
    // Below that share the finding ends at once.
    const dropped = Array(10).fill(finding(0.8 * T - 0.01));
    expect(run([finding(0.7), ...dropped, finding(0.75)]).filter((v) => v > 0)).toEqual([0.7, 0.75]);
  });

  it('holds a pattern finding for one block of the channel, at least 3 readings', () => {
    const step = 19;
    const pattern = [0.1, 0.64] as const;
    const quiet = Array(30).fill(quietReading);
    // Active through reading 18 (the block), open 5 readings more: a scorer finding at 23 is the same alert, at 24 a new one.
    const at = (k: number) => run([pattern, ...quiet.slice(0, k - 1), finding(0.7)], step).at(-1);
    expect(at(23)).toBe(0);
    expect(at(24)).toBe(0.7);
    // With one-reading blocks the hold is 3 readings: active through 2, a new alert from 8.
    expect(run([pattern, ...quiet.slice(0, 6), finding(0.7)], 1).at(-1)).toBe(0);
    expect(run([pattern, ...quiet.slice(0, 7), finding(0.7)], 1).at(-1)).toBe(0.7);
  });

  it('writes the pattern score when the channel opens the alert, and the scorer’s when it is larger', () => {
    expect(run([[0.1, 0.9]])).toEqual([0.9]);
    expect(run([[0.95, 0.7]])).toEqual([0.95]);
    expect(run([quietReading, quietReading])).toEqual([0, 0]);
  });
});
