import { describe, expect, it } from 'vitest';
import { MAX_TICKED_SILENCE_MS, REPLAY_TICK_MS, nextTick, replayRiver } from './replay';
import type { River } from './data';

const DAY = 86_400_000;

describe('bench:rivers replay clock', () => {
  it('ticks a minute at a time, and past a week of silence jumps to the last minute before the next reading', () => {
    expect(nextTick(0, 0, 10 * REPLAY_TICK_MS)).toBe(REPLAY_TICK_MS);
    expect(nextTick(MAX_TICKED_SILENCE_MS - REPLAY_TICK_MS, 0, 30 * DAY)).toBe(MAX_TICKED_SILENCE_MS);
    const far = 30 * 365 * DAY + 30_000;
    expect(nextTick(MAX_TICKED_SILENCE_MS, 0, far)).toBe(far - 30_000);
  });

  it('replays a gauge whose first reading is years before the rest in well under a second', () => {
    const ts = [Date.UTC(1990, 0, 1), ...Array.from({ length: 50 }, (_, i) => Date.UTC(2020, 0, 7) + i * 600_000)];
    const river: River = {
      river: 'r',
      stepS: 600,
      gauges: [{ id: 'g', name: 'g', order: 0, warnCm: 200, lat: 0, lon: 0, ts: Float64Array.from(ts), level: Float64Array.from(ts, (_, i) => 100 + i) }]
    };
    const t0 = performance.now();
    const r = replayRiver(river);
    expect(r.readings).toBe(51);
    expect(performance.now() - t0).toBeLessThan(1000); // minute ticks over 30 years took ~10 s
  });

  it("refuses a reading outside the level's physical range as the ingest does: a sensor_range alert, not a reading of the rules", () => {
    const ts = Array.from({ length: 40 }, (_, i) => Date.UTC(2020, 0, 7) + i * 600_000);
    const level = ts.map((_, i) => (i >= 20 ? -999 : 100));
    const river: River = { river: 'r', stepS: 600, gauges: [{ id: 'g', name: 'g', order: 0, warnCm: 200, lat: 0, lon: 0, ts: Float64Array.from(ts), level: Float64Array.from(level) }] };
    const rules = replayRiver(river).alerts.map((a) => a.rule);
    expect(rules).toContain('sensor_range');
    // to the rules the gauge went quiet (as in the product), it did not fall to −999
    expect(rules.filter((r) => r !== 'sensor_range')).toEqual(['sensor_silent']);
  });
});
