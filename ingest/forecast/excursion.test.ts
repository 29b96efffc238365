import { describe, expect, it } from 'vitest';
import { createRiverForecaster } from './index';
import { GaugeForecaster } from './gauge';
import { resolveForecasterOptions } from './options';
import { MIN_MS, seeded, T0, upstreamWaves } from './test-support';

const GAUGES = [
  { id: 'up', upstream: [] },
  { id: 'down', upstream: ['up'] }
];
const STEP = 10 * MIN_MS;
const DAYS = 10;

/**
 * Two forecasters over the same river (the lower gauge is the upper one 90 min later), one of
 * them fed `fault` in place of the readings in [faultFrom, faultTo); the largest difference of
 * their forecasts for `gauge` over [from, to).
 */
function difference(fault: (id: string, t: number, level: number) => number, faultFrom: number, faultTo: number, gauge: string, from: number, to: number): number {
  const up = upstreamWaves(11, DAYS + 1);
  const down = (t: number) => 0.8 * up(t - 90 * MIN_MS) + 20;
  const rnd = seeded(5);
  const [clean, faulty] = [createRiverForecaster(GAUGES), createRiverForecaster(GAUGES)];
  let worst = 0;
  for (let t = T0; t < T0 + DAYS * 1440 * MIN_MS; t += STEP) {
    for (const [id, level] of [['up', up(t) + (rnd() - 0.5)], ['down', down(t) + (rnd() - 0.5)]] as const) {
      const a = clean.observe(id, t, level);
      const b = faulty.observe(id, t, t >= faultFrom && t < faultTo ? fault(id, t, level) : level);
      if (id !== gauge || t < from || t >= to || !a || !b) continue;
      for (let i = 0; i < a.points.length; i++) worst = Math.max(worst, Math.abs(a.points[i].levelCm - b.points[i].levelCm));
    }
  }
  return worst;
}

const AT = T0 + 8 * 1440 * MIN_MS;
const HOUR = 3_600_000;
/** The three hours after a fault that ended at `end`, from the first reading after it. */
const differenceAfter = (fault: (id: string, t: number, level: number) => number, end: number, gauge: string) =>
  difference(fault, AT, end, gauge, end + STEP, end + 3 * HOUR);

describe('a fault of a few readings that jumps back is taken out (glitch.ts Excursion)', () => {
  it('two readings of 0 at a gauge: once it reads the water again, its forecasts are as if they never came', () => {
    const d = differenceAfter((id, _t, level) => (id === 'down' ? 0 : level), AT + 2 * STEP, 'down');
    expect(d).toBeLessThan(3);
  });

  it('two upstream readings 300 cm off do not drive the forecasts below once the upstream gauge is back', () => {
    const d = differenceAfter((id, _t, level) => (id === 'up' ? level + 300 : level), AT + 2 * STEP, 'down');
    expect(d).toBeLessThan(3);
  });

  it('a step that stays is water: the forecasts follow it', () => {
    const d = difference((id, _t, level) => (id === 'down' ? level + 80 : level), AT, AT + 1440 * MIN_MS, 'down', AT + 2 * HOUR, AT + 3 * HOUR);
    expect(d).toBeGreaterThan(60);
  });
});

describe('what an open jump may hold', () => {
  it('an upstream gauge that jumped and fell silent does not hold the gauge below in doubt (a kept copy) for good', () => {
    const up = upstreamWaves(11, 3);
    const jumpAt = T0 + 2 * 1440 * MIN_MS;
    /** State bytes `hoursAfter` the upper gauge jumped 300 cm for two readings and fell silent. */
    const bytesAfter = (hoursAfter: number) => {
      const f = createRiverForecaster(GAUGES);
      for (let t = T0; t < jumpAt + hoursAfter * HOUR; t += STEP) {
        if (t < jumpAt + 2 * STEP) f.observe('up', t, up(t) + (t >= jumpAt ? 300 : 0));
        f.observe('down', t, 0.8 * up(t - 90 * MIN_MS) + 20);
      }
      return f.stateBytes();
    };
    // the lower gauge keeps its regressions' copy while the jump is open to doubt, and lets it go after the hour
    // (was: for as long as the upper gauge stayed silent, a new copy every hour)
    expect(bytesAfter(6)).toBeLessThan(bytesAfter(0.5));
  });

  it('a jump after a silence longer than the history bridges is not repaired across the gap (it stays empty)', () => {
    const o = resolveForecasterOptions();
    const g = new GaugeForecaster('g', undefined, o);
    g.link([]);
    let t = T0;
    for (; t < T0 + 1440 * MIN_MS; t += STEP) g.observe(t, 100 + Math.sin(t / HOUR), undefined);
    const silentFrom = t;
    t += 5 * HOUR;
    for (const level of [300, 300, 100, 100, 100]) g.observe((t += STEP), level, undefined);
    let filled = 0;
    for (let b = g.history.bucketOf(silentFrom) + 1; b < g.history.bucketOf(silentFrom + 5 * HOUR) - 1; b++) if (Number.isFinite(g.history.bucket(b))) filled++;
    expect(filled).toBe(0);
  });
});
