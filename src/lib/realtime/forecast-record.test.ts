import { describe, expect, it } from 'vitest';
import type { Forecast, ForecastPoint } from '../core/forecast';
import { trackRecordLine } from './forecast-record';

const T = Date.UTC(2026, 11, 6, 3, 0);
const point = (horizonMin: 30 | 60 | 120, skill?: number): ForecastPoint => ({
  horizonMin,
  at: T + horizonMin * 60_000,
  levelCm: 200,
  lowCm: 190,
  highCm: 210,
  ...(skill === undefined ? {} : { skill })
});
const forecast = (points: ForecastPoint[]): Forecast => ({ sensorId: 'g', ts: T, levelCm: 200, points, crossing: null, reasons: [], confidence: 0.9 });

describe('forecast track record line', () => {
  it('quotes the 60-min record against "the level stays the same" in both languages', () => {
    const f = forecast([point(30, 0.9), point(60, 0.554), point(120, 0.1)]);
    expect(trackRecordLine(f, 'en')).toBe('60-min forecasts in recent weeks, when the water rose or fell: error 55 % smaller than assuming the level stays the same');
    expect(trackRecordLine(f, 'id')).toBe('Prakiraan 60 menit beberapa minggu terakhir, saat muka air naik atau turun: kesalahannya 55 % lebih kecil daripada jika muka air dianggap tetap');
  });

  it('says plainly when the forecasts did worse than "no change"', () => {
    expect(trackRecordLine(forecast([point(60, -0.25)]), 'en')).toContain('error 25 % larger than assuming the level stays the same; use with care');
    expect(trackRecordLine(forecast([point(60, -0.25)]), 'id')).toContain('kesalahannya 25 % lebih besar daripada jika muka air dianggap tetap; gunakan dengan hati-hati');
    // rounds to 0 %: not "0 % worse …; use with care"
    expect(trackRecordLine(forecast([point(60, -0.004)]), 'en')).toContain('error 0 % smaller');
    expect(trackRecordLine(forecast([point(60, -0.006)]), 'en')).toContain('error 1 % larger');
  });

  it('says the record is not known yet without one, and nothing without a forecast', () => {
    expect(trackRecordLine(forecast([point(30, 0.8), point(60)]), 'en')).toBe('Track record not known yet: too few rises and falls so far');
    expect(trackRecordLine(forecast([]), 'id')).toContain('belum dapat dinilai');
    expect(trackRecordLine(null, 'en')).toBeNull();
  });
});
