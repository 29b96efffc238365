import { describe, expect, it } from 'vitest';
import type { Forecast } from '../core/forecast';
import { bandClips, forecastBandPath, forecastExtent, forecastLinePath } from './forecast-path';

const f: Forecast = {
  sensorId: 'g', ts: 0, levelCm: 100, crossing: null, reasons: [], confidence: 1,
  // Out of order on purpose: the paths must run forward in time.
  points: [
    { horizonMin: 60, at: 60, levelCm: 120, lowCm: 110, highCm: 130 },
    { horizonMin: 30, at: 30, levelCm: 110, lowCm: 105, highCm: 115 }
  ]
};
const id = (v: number) => v;

describe('forecast paths', () => {
  it('draw the central line from the level now through each horizon', () => {
    expect(forecastLinePath(f, id, id)).toBe('M0.0,100.0L30.0,110.0L60.0,120.0');
  });
  it('close the band along the high edge and back along the low edge', () => {
    expect(forecastBandPath(f, id, id)).toBe('M0.0,100.0L30.0,115.0L60.0,130.0L60.0,110.0L30.0,105.0Z');
    expect(forecastBandPath({ ...f, points: [] }, id, id)).toBe('');
  });
  it('say how far the chart must reach and which values it must fit', () => {
    // Central 100..120 (span 20): the band may reach 6 beyond, so 130 is cut to 126.
    expect(forecastExtent(f)).toEqual({ until: 60, values: [100, 120, 110, 110, 126, 105, 115], bounds: [94, 126] });
  });
  it('let a very wide band stretch the axis only so far beyond data, thresholds and central forecast', () => {
    const wide = { ...f, points: [{ horizonMin: 120 as const, at: 120, levelCm: 150, lowCm: -300, highCm: 900 }] };
    // Base 50..200 with the central forecast: span 150, so at most 45 beyond either end.
    expect(forecastExtent(wide, [50, 200]).values).toEqual([100, 150, 5, 245]);
  });
  it('name where a wide band is cut and what it reaches there, so the cut edge can be marked', () => {
    const wide: Forecast = { ...f, points: [
      { horizonMin: 30, at: 30, levelCm: 150, lowCm: 20, highCm: 300 },
      { horizonMin: 60, at: 60, levelCm: 160, lowCm: -300, highCm: 900 },
      { horizonMin: 120, at: 120, levelCm: 170, lowCm: 0, highCm: 400 }
    ] };
    const { bounds } = forecastExtent(wide, [50, 200]);
    expect(bandClips(wide, bounds)).toEqual({ high: { at: 60, value: 900 }, low: { at: 60, value: -300 } });
    // a band inside the bounds is not marked
    expect(bandClips(f, forecastExtent(f, [0, 300]).bounds)).toEqual({ high: null, low: null });
  });
});
