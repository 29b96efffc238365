import { describe, expect, it } from 'vitest';
import { MIN_TRACK_MOVES, TrackRecord } from './track-record';

const HOUR = 3_600_000;

describe('forecast track record', () => {
  it('is the event skill of the published changes on moving water: 1 − Σ|error| ÷ Σ|move|', () => {
    const r = new TrackRecord();
    // moves of 10 cm, forecast 7 cm each: error 3 of 10 → 0.7
    for (let k = 0; k < 2 * MIN_TRACK_MOVES; k++) r.add(k * 600_000, 7, 10, 2);
    expect(r.skill).toBeCloseTo(0.7, 2);
  });

  it('ignores quiet water, which would flatter any forecast, and stays silent while thin', () => {
    const r = new TrackRecord();
    for (let k = 0; k < 500; k++) r.add(k * 600_000, 0, 0.5, 2); // quiet: persistence perfect
    expect(r.skill).toBeNull();
    for (let k = 0; k < MIN_TRACK_MOVES - 1; k++) r.add(500 * 600_000, -5, 10, 2);
    expect(r.skill).toBeNull();
    r.add(500 * 600_000, -5, 10, 2);
    expect(r.skill).toBeCloseTo(-0.5, 2); // forecast the wrong way: worse than "stays"
  });

  it('lets an old flood fade: a week later the recent moves weigh twice the old ones', () => {
    const r = new TrackRecord(7 * 24 * HOUR);
    for (let k = 0; k < 20; k++) r.add(k * 600_000, 10, 10, 2); // perfect then
    const later = 7 * 24 * HOUR + 20 * 600_000;
    for (let k = 0; k < 20; k++) r.add(later + k, 0, 10, 2); // useless now (same instant: no further decay)
    // old weight ½ (error 0, persistence 100), new weight 1 (error 200, persistence 200)
    expect(r.skill).toBeCloseTo(1 - 200 / 300, 2);
    expect(r.moves).toBeCloseTo(30, 0);
  });

  it('passes over non-finite values and an outcome older than the last', () => {
    const r = new TrackRecord();
    for (let k = 0; k < MIN_TRACK_MOVES; k++) r.add(k * HOUR, 10, 10, 2);
    r.add(100 * HOUR, Number.NaN, 10, 2);
    r.add(100 * HOUR, 10, Number.POSITIVE_INFINITY, 2);
    expect(r.moves).toBeCloseTo(MIN_TRACK_MOVES, 0);
    r.add(HOUR / 2, 0, 10, 2); // late: counted, without decaying the rest backwards
    expect(r.skill).toBeLessThan(1);
    expect(r.skill).toBeGreaterThan(0.9);
  });
});
