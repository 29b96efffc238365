import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from './engine';
import { AIR, CATALOG, GUNUNG_LINGAI, HOUR, MIN, T0, reading } from './test-support';

/** Twelve hours (the ingest's default warm-up) of Gunung Lingai rising 5 cm/h from 170 cm: past Siaga 3 (200 cm) and Siaga 2 (218 cm). */
function risingHistory() {
  const out = [];
  for (let m = 0; m < 12 * 60; m++) out.push(reading(GUNUNG_LINGAI.id, 'flood', T0 + m * MIN, { water_level: 170 + m / 12, rainfall: 5 }));
  return out;
}

const NOW = T0 + 12 * HOUR;
const live = reading(GUNUNG_LINGAI.id, 'flood', NOW, { water_level: 230, rainfall: 5 });
const h60 = (e: ReturnType<typeof createDetectionEngine>) => e.forecast(GUNUNG_LINGAI.id)!.points.find((p) => p.horizonMin === 60)!.levelCm;

describe('detection engine: warming the forecaster from stored history', () => {
  it('gives a rising gauge a confident, rising forecast and raises nothing for the past', () => {
    const e = createDetectionEngine({ catalog: CATALOG });
    // An air reading in the history is not the forecaster's: skipped, not counted.
    expect(e.warmForecasts([...risingHistory(), reading(AIR.id, 'air', T0, { pm25: 300 })])).toBe(720);
    // Past Siaga 2 in the history, yet no alert: the rules never saw it, and the clock finds nothing to age.
    expect(e.openAlerts()).toEqual([]);
    expect(e.tick(NOW)).toEqual([]);
    e.observe(live);
    const f = e.forecast(GUNUNG_LINGAI.id)!;
    expect(f.ts).toBe(NOW);
    expect(f.confidence).toBeGreaterThan(0.2);
    // Rising, though a model with half a day behind it still leans to persistence (trust ≈ 0.3).
    expect(h60(e)).toBeGreaterThan(230.5);
  });

  it('a cold engine gives persistence for the same live reading', () => {
    const e = createDetectionEngine({ catalog: CATALOG });
    e.observe(live);
    const f = e.forecast(GUNUNG_LINGAI.id)!;
    expect(f.confidence).toBe(0);
    expect(h60(e)).toBeCloseTo(230, 0);
  });

  it('an empty history changes nothing', () => {
    const e = createDetectionEngine({ catalog: CATALOG });
    expect(e.warmForecasts([])).toBe(0);
    expect(e.forecast(GUNUNG_LINGAI.id)).toBeNull();
  });
});
