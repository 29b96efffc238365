import { describe, it, expect } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import type { AlertPolicyOptions } from './alert-policy-options';
import { createDetectionEngine } from './engine';
import { DETECTORS } from './index';
import { POLICY_RAISE_AFTER, createStatisticalDetector, type StatisticalOptions } from './statistical';
import { createNoise } from './test-support';

const MIN_MS = 60_000;
const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC


/**
 * A gauge at 150 ± 3 cm for two weeks, then `odd` (the values of the readings that follow), then
 * back to normal for two hours, through the real engine and alert policy with the statistical rule
 * alone (its pattern channel off: this is about the scorer's findings). Returns the raise events
 * from the odd readings on. `options` vary the rule: at the threshold 0.68 a reading at 170 cm
 * fires (0.71 at 10 min, 0.76 at 1 min) and the ordinary reading after it does not hold it
 * (0.52, under 0.8 × 0.68): a lone finding. `policy` varies the alert policy.
 */
function replay(stepMs: number, odd: number[], options: Partial<StatisticalOptions> = {}, policy: Partial<AlertPolicyOptions> = {}): { raised: AlertEvent[]; oddAt: number } {
  const gauge: Sensor = { id: 'g', kind: 'flood', name: 'Karang Mumus Segiri', district: 'Samarinda Ulu', lat: -0.48, lon: 117.15, intervalS: stepMs / 1000 };
  const rule = { ...DETECTORS.statistical!, ...createStatisticalDetector({ pattern: false, ...options }) };
  const engine = createDetectionEngine({ catalog: { city: 'Samarinda', districts: [], sensors: [gauge] }, detectors: { statistical: rule }, policy });
  const noise = createNoise(7);
  const raised: AlertEvent[] = [];
  const quiet = Math.round((14 * 86_400_000) / stepMs);
  const values = [...Array.from({ length: quiet }, () => 150 + 3 * noise()), ...odd, ...Array.from({ length: Math.round(7_200_000 / stepMs) }, () => 150 + 3 * noise())];
  const oddAt = T0 + quiet * stepMs;
  values.forEach((v, i) => {
    const ts = T0 + i * stepMs;
    for (const e of [...engine.tick(ts), ...engine.observe({ sensorId: 'g', kind: 'flood', ts, values: { water_level: v } })]) {
      if (e.type === 'raised' && ts >= oddAt) raised.push(e);
    }
  });
  return { raised, oddAt };
}

/** The option on, as the alert policy's defaults need it. */
const HELD = { raiseAfter: POLICY_RAISE_AFTER };
const LONE = { threshold: 0.68, ...HELD };
/** The product's default: nothing is held. */
const UNHELD = { raiseAfter: null };

describe('statistical, option raiseAfter (off by default): a lone finding held until the alert policy can raise it', () => {
  it('on a 10-min gauge, one odd reading becomes an alert at the next reading, naming the value that fired, as info', () => {
    const { raised, oddAt } = replay(10 * MIN_MS, [170], LONE);
    expect(raised).toHaveLength(1);
    const a = raised[0].alert;
    expect(a.rule).toBe('statistical');
    // raised on the next (ordinary) reading: the policy wants 2 readings and 5 min
    expect(a.raisedAt).toBe(oddAt + 10 * MIN_MS);
    expect(a.value).toBe(170);
    expect(a.explanation.en).toContain('170 cm');
    expect(a.explanation.id).toContain('170 cm');
    // it fired as a warning (0.71), but the next reading did not agree: a hint, not a page
    expect(a.severity).toBe('info');
    // not held (the default), the policy never sees it active twice
    expect(replay(10 * MIN_MS, [170], { ...LONE, ...UNHELD }).raised).toHaveLength(0);
    expect(replay(10 * MIN_MS, [170], { threshold: LONE.threshold }).raised).toHaveLength(0);
  });

  it('keeps the warning and the value that fired when the next reading agrees', () => {
    const { raised, oddAt } = replay(10 * MIN_MS, [320], HELD);
    expect(raised).toHaveLength(1);
    expect(raised[0].alert.raisedAt).toBe(oddAt + 10 * MIN_MS);
    expect(raised[0].alert.severity).toBe('warning');
    expect(raised[0].alert.value).toBe(320);
    expect(raised[0].alert.explanation.en).toContain('320 cm');
    // not held, the alert names the ordinary reading the policy raised it on
    expect(replay(10 * MIN_MS, [320]).raised[0].alert.value).toBeLessThan(160);
  });

  it('does not hold a lone finding of a 1-min sensor: its own readings show whether a change lasts', () => {
    expect(Math.round(POLICY_RAISE_AFTER.ms / MIN_MS)).toBeGreaterThan(1);
    expect(replay(MIN_MS, [170], LONE).raised).toHaveLength(0);
    // were the policy's minimum one step of it, the same finding would be held and raised
    const oneStep = replay(MIN_MS, [170], { ...LONE, raiseAfter: { ms: MIN_MS, readings: 2 } }, { minActiveByRule: { statistical: MIN_MS } });
    expect(oneStep.raised.map((e) => e.alert.value)).toEqual([170]);
  });
});
