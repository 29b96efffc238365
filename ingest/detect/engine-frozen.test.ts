import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from './engine';
import { CATALOG, GUNUNG_LINGAI, MIN, T0, reading } from './test-support';

/** A gauge moving every minute for `moving` readings, then frozen at one value for `frozen`; events of the stuck rule. */
function freeze(e: ReturnType<typeof createDetectionEngine>, moving: number, frozen: number): number[] {
  const stuckAt: number[] = [];
  for (let m = 0; m < moving + frozen; m++) {
    const wl = m < moving ? 150 + 10 * Math.sin(m / 20) + m / 100 : 150;
    for (const ev of e.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + m * MIN, { water_level: wl }))) {
      if (ev.alert.rule === 'sensor_stuck' && ev.type === 'raised') stuckAt.push(ev.at);
    }
  }
  return stuckAt;
}

describe('a gauge the stuck rule calls frozen', () => {
  it('is not fed to the river forecaster while frozen, and is again once it moves', () => {
    const e = createDetectionEngine({ catalog: CATALOG });
    const [moving, frozen] = [300, 400];
    const stuckAt = freeze(e, moving, frozen);
    expect(stuckAt.length).toBe(1);
    const last = T0 + (moving + frozen - 1) * MIN;
    // the forecaster's last reading is the gauge's at most one reading after the stuck alert, not the last frozen one
    const fc = e.forecast(GUNUNG_LINGAI.id);
    expect(fc).not.toBeNull();
    expect(fc!.ts).toBeLessThanOrEqual(stuckAt[0] + 2 * MIN);
    expect(fc!.ts).toBeLessThan(last);
    // the first reading that moves is the river again
    e.observe(reading(GUNUNG_LINGAI.id, 'flood', last + MIN, { water_level: 151 }));
    expect(e.forecast(GUNUNG_LINGAI.id)?.ts).toBe(last + MIN);
  });
});
