import { describe, it, expect } from 'vitest';
import { productAlerts } from './alerts';
import type { NabSeries } from './csv';

const STEP_MS = 5 * 60_000;
const T0 = Date.UTC(2014, 0, 6);

function series(values: number[]): NabSeries {
  const times = values.map((_, i) => T0 + i * STEP_MS);
  return { times, timestamps: times.map((t) => new Date(t).toISOString().slice(0, 19).replace('T', ' ')), values };
}

/** Three days of a quiet daily wave (deterministic), one odd reading, then two quiet hours. */
function withSpike(): { s: NabSeries; at: number } {
  let x = 11;
  const noise = () => ((x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * 2 - 1;
  const wave = (i: number) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + noise();
  const at = 3 * 288;
  const values = Array.from({ length: at + 24 }, (_, i) => (i === at ? 120 : wave(i)));
  return { s: series(values), at };
}

describe('productAlerts (the alerts the product raises on a NAB series)', () => {
  it('writes 1 only where the policy raises: not in warm-up, and for an odd reading at 5 min on the reading after it', () => {
    const { s, at } = withSpike();
    const out = productAlerts(s);
    expect(out).toHaveLength(s.values.length);
    expect(out.every((v) => v === 0 || v === 1)).toBe(true);
    expect(out.slice(0, 150).every((v) => v === 0)).toBe(true); // the scorer's warm-up only teaches
    // the policy wants 2 readings and 5 min: the alert comes with the next reading, once
    expect([out[at], out[at + 1]]).toEqual([0, 1]);
    expect(out.slice(at + 2).every((v) => v === 0)).toBe(true);
  });
});
