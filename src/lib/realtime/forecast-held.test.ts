import { describe, expect, it } from 'vitest';
import type { Forecast } from '../core/forecast';
import type { LiveReading } from '../core/reading';
import { formatShortTime } from '../format/format';
import { forecastBehind, forecastHeldLine } from './forecast-held';

const T = Date.UTC(2026, 11, 6, 17, 7); // 01.07 WITA
const forecast = { sensorId: 'g', ts: T, levelCm: 170, confidence: 0.4, points: [], crossing: null, reasons: [] } as unknown as Forecast;
const live = (ts: number, values: Record<string, number>, f: Forecast | null = forecast): LiveReading =>
  ({ sensorId: 'g', kind: 'flood', ts, values, district: 'd', severity: 0, ...(f ? { forecast: f } : {}) }) as unknown as LiveReading;

describe('a forecast older than the level shown', () => {
  it('is behind when a newer level reading came that the forecaster did not take', () => {
    expect(forecastBehind(live(T + 60_000, { water_level: 300 }))).toBe(true);
    expect(forecastBehind(live(T, { water_level: 170 }))).toBe(false);
    // rain alone makes no forecast: not behind
    expect(forecastBehind(live(T + 60_000, { rainfall: 40 }))).toBe(false);
    expect(forecastBehind(live(T + 60_000, { water_level: 300 }, null))).toBe(false);
    expect(forecastBehind(undefined)).toBe(false);
  });

  it('says so in both languages, with the held level and the forecast\'s own time and level', () => {
    const r = live(T + 60_000, { water_level: 300 });
    expect(forecastHeldLine(r, 'en')).toBe(`The latest reading (300.0 cm) is held as a possible sensor glitch until the next one confirms it; this forecast is from the ${formatShortTime(T, 'en')} WITA reading (170.0 cm).`);
    expect(forecastHeldLine(r, 'id')).toContain('Pembacaan terakhir (300,0 cm) ditahan sebagai kemungkinan gangguan sensor');
    expect(forecastHeldLine(live(T, { water_level: 170 }), 'en')).toBe('');
  });
});
