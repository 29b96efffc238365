import { describe, expect, it } from 'vitest';
import type { Forecast } from '../core/forecast';
import { forecastBandPath, forecastExtent, forecastLinePath } from './forecast-path';

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
    expect(forecastExtent(f)).toEqual({ until: 60, values: [100, 120, 110, 110, 126, 105, 115] });
  });
  it('let a very wide band stretch the axis only so far beyond data, thresholds and central forecast', () => {
    const wide = { ...f, points: [{ horizonMin: 120 as const, at: 120, levelCm: 150, lowCm: -300, highCm: 900 }] };
    // Base 50..200 with the central forecast: span 150, so at most 45 beyond either end.
    expect(forecastExtent(wide, [50, 200]).values).toEqual([100, 150, 5, 245]);
  });
});
