import { describe, expect, it } from 'vitest';
import type { DetectorContext } from './context';
import { spikeDetector } from './sensor-faults';
import { statisticalDetector } from './statistical';
import { BENANGA, createNoise, reading } from './test-support';
import { createAnomalyScorer } from './statistical-scorer';

const STEP_MS = 10 * 60_000;
const PER_DAY = 144;
const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC
const GAUGE = { ...BENANGA, intervalS: 600 };
const FIRST_RISE = 14 * PER_DAY;
const GLITCH = 16 * PER_DAY + 50;

/**
 * A 10-min gauge at 12 ± 0.3 cm that rises to 16 cm for three readings on day 14 and again `weeks` after day 16, with
 * one odd reading `glitch` on day 16 (none: undefined), through sensor_spike and the statistical rule as the engine runs
 * them (the spike rule first: its active finding is the sensor's rejectedAt). Whether the statistical rule found the
 * first rise and the second.
 */
function gauge(weeks: number, glitch?: number): { first: boolean; second: boolean; rejected: number } {
  let rejectedAt = -Infinity;
  let rejected = 0;
  const ctx = { rejectedAt: () => rejectedAt } as DetectorContext;
  const [spike, stat] = [spikeDetector.create(GAUGE)!, statisticalDetector.create(GAUGE, ctx)!];
  const noise = createNoise(42);
  const second = 16 * PER_DAY + weeks * 7 * PER_DAY;
  const found = { first: false, second: false };
  for (let i = 0; i < second + 10; i++) {
    const rise = (i >= FIRST_RISE && i < FIRST_RISE + 3) || (i >= second && i < second + 3);
    const v = rise ? 16 : i === GLITCH && glitch !== undefined ? glitch : 12 + 0.3 * noise();
    const r = reading(GAUGE.id, 'flood', T0 + i * STEP_MS, { water_level: v });
    if (spike.observe(r)?.active) [rejectedAt, rejected] = [r.ts, rejected + 1];
    const f = stat.observe(r)!;
    if (i >= FIRST_RISE && i < FIRST_RISE + 3) found.first ||= f.active;
    if (i >= second && i < second + 3) found.second ||= f.active;
  }
  return { ...found, rejected };
}

describe('the statistical rule after a reading sensor_spike rejected', () => {
  it('finds a rise weeks after a lone glitch as it does without one (it scored under the threshold for 4 weeks)', () => {
    for (const weeks of [1, 2, 4]) {
      expect(gauge(weeks), `${weeks} weeks, no glitch`).toEqual({ first: true, second: true, rejected: 0 });
      for (const glitch of [-262, 120]) expect(gauge(weeks, glitch), `${weeks} weeks, ${glitch} cm`).toEqual({ first: true, second: true, rejected: 1 });
    }
  });
});

describe('a scorer told twice to forget its last reading', () => {
  /** A scorer at 12 ± 0.3 cm for two days, then one reading of −262 cm taken back `forgets` times, then 12 cm again. */
  function shortMeanAfter(forgets: number): number {
    const scorer = createAnomalyScorer();
    const noise = createNoise(7);
    let ts = T0;
    for (let i = 0; i < 2 * PER_DAY; i++) scorer.score((ts += STEP_MS), 12 + 0.3 * noise());
    scorer.score((ts += STEP_MS), -262);
    for (let k = 0; k < forgets; k++) scorer.forgetLast();
    scorer.score((ts += STEP_MS), 12);
    return scorer.lastShift().recent;
  }

  it('takes the reading back once: the second call does nothing (it took the glitch back twice: the short mean 30 cm off)', () => {
    // A second call comes when the reading that brought the rejection was older than the glitch (not scored) and a
    // second reading at its time follows (a QoS 1 redelivery): the spike rule's rejectedAt matches both.
    expect(shortMeanAfter(1)).toBeCloseTo(12, 0);
    expect(shortMeanAfter(2)).toBe(shortMeanAfter(1));
  });
});
