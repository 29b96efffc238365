import { describe, expect, it } from 'vitest';
import type { Forecast } from './forecast';
import { forecastFromRow, formatForecastLine } from './forecast-line';
import { isForecast } from './forecast-shape';

const T = Date.UTC(2026, 11, 5, 6, 0);
const MIN = 60_000;

function sample(over: Partial<Forecast> = {}): Forecast {
  return {
    sensorId: 'flood-gunung-lingai',
    ts: T,
    levelCm: 212.5,
    points: [
      { horizonMin: 30, at: T + 30 * MIN, levelCm: 221, lowCm: 215.5, highCm: 226 },
      { horizonMin: 60, at: T + 60 * MIN, levelCm: 233, lowCm: 222, highCm: 244 },
      { horizonMin: 120, at: T + 120 * MIN, levelCm: 251, lowCm: 230, highCm: 270 }
    ],
    crossing: { level: 2, at: T + 80 * MIN, earliest: T + 55 * MIN, latest: null },
    reasons: [{ kind: 'upstream', sensorId: 'flood-benanga', amount: 35, minutes: 50 }, { kind: 'rain', amount: 40, minutes: 60 }],
    confidence: 0.42,
    ...over
  };
}

/** The fields of a line, parsed the way InfluxDB would (good enough for our own output). */
function parseFields(line: string): Record<string, number | string> {
  const firstSpace = /(?<!\\) /.exec(line)!.index; // the first space not escaped: tags end there
  const fieldText = line.slice(firstSpace + 1, line.lastIndexOf(' '));
  const out: Record<string, number | string> = {};
  for (const m of fieldText.matchAll(/([a-z0-9_]+)=("(?:[^"\\]|\\.)*"|[^,]+)/g)) {
    out[m[1]] = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/\\(["\\])/g, '$1') : Number(m[2]);
  }
  return out;
}

describe('forecast line protocol', () => {
  it('writes measurement forecast, tags sensor and district, the horizons with their band, at the issue time', () => {
    const line = formatForecastLine(sample(), 'Samarinda Utara');
    expect(line.startsWith('forecast,district=Samarinda\\ Utara,sensor=flood-gunung-lingai ')).toBe(true);
    expect(line.endsWith(` ${T}`)).toBe(true);
    expect(parseFields(line)).toMatchObject({
      level: 212.5, h30: 221, h30_low: 215.5, h30_high: 226, h60: 233, h120: 251, h120_low: 230, h120_high: 270,
      crossing_level: 2, crossing_at: T + 80 * MIN, crossing_earliest: T + 55 * MIN, confidence: 0.42
    });
    expect(parseFields(line)).not.toHaveProperty('crossing_latest');
  });

  it('leaves the crossing out when none is expected, and stays one line whatever the district says', () => {
    const line = formatForecastLine(sample({ crossing: null, reasons: [] }), 'a,b=c d\nforecast x=1');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('district=a\\,b\\=c\\ d\\ forecast\\ x\\=1,');
    expect(line).not.toContain('crossing');
    expect(line).not.toContain('reasons');
  });

  it('reads a stored row back into the same forecast', () => {
    const f = sample();
    const row: Record<string, unknown> = { time: T, ...parseFields(formatForecastLine(f, 'x')) };
    expect(forecastFromRow(f.sensorId, row)).toEqual(f);
  });

  it('stores a horizon\'s track record when it has one and reads it back; a bad one fails the shape', () => {
    const base = sample();
    const f = sample({ points: [{ ...base.points[0], skill: 0.55 }, { ...base.points[1], skill: -0.2 }, base.points[2]] });
    const fields = parseFields(formatForecastLine(f, 'x'));
    expect(fields).toMatchObject({ h30_skill: 0.55, h60_skill: -0.2 });
    expect(fields).not.toHaveProperty('h120_skill');
    expect(forecastFromRow(f.sensorId, { time: T, ...fields })).toEqual(f);
    expect(isForecast(f)).toBe(true);
    expect(isForecast(sample({ points: [{ ...base.points[0], skill: Number.NaN }] }))).toBe(false);
    expect(isForecast(sample({ points: [{ ...base.points[0], skill: '0.5' as unknown as number }] }))).toBe(false);
  });

  it('takes no track record above 1 (perfect is 1: "250 % better than no change" cannot be), live or stored; a poor one below 0 stays', () => {
    const base = sample();
    expect(isForecast(sample({ points: [{ ...base.points[0], skill: 2.5 }] }))).toBe(false);
    expect(isForecast(sample({ points: [{ ...base.points[0], skill: 1 }] }))).toBe(true);
    expect(isForecast(sample({ points: [{ ...base.points[0], skill: -3 }] }))).toBe(true);
    const back = forecastFromRow('g', { time: T, level: 10, h30: 12, h30_skill: 2.5, h60: 13, h60_skill: -3 });
    expect(back?.points[0]).not.toHaveProperty('skill');
    expect(back?.points[1].skill).toBe(-3);
  });

  it('keeps the levels of a row whose reasons are damaged, and refuses a row without a level', () => {
    const back = forecastFromRow('g', { time: T, level: 10, h30: 12, reasons: '[{"kind":"evil"' });
    expect(back).toMatchObject({ levelCm: 10, reasons: [], crossing: null, points: [{ horizonMin: 30, levelCm: 12, lowCm: 12, highCm: 12 }] });
    expect(forecastFromRow('g', { time: T, h30: 12 })).toBeNull();
  });
});

describe('forecast shape check', () => {
  it('accepts the contract and refuses junk a stray publisher could send', () => {
    expect(isForecast(sample())).toBe(true);
    expect(isForecast(sample({ crossing: null }))).toBe(true);
    expect(isForecast(sample({ sensorId: 'Bad Id' }))).toBe(false);
    expect(isForecast(sample({ levelCm: Number.NaN }))).toBe(false);
    expect(isForecast({ ...sample(), points: [{ horizonMin: 45, at: T, levelCm: 1, lowCm: 1, highCm: 1 }] })).toBe(false);
    expect(isForecast({ ...sample(), crossing: { level: 4, at: T, earliest: T, latest: null } })).toBe(false);
    expect(isForecast({ ...sample(), reasons: Array.from({ length: 50 }, () => ({ kind: 'rain', amount: 1, minutes: 1 })) })).toBe(false);
    expect(isForecast(null)).toBe(false);
  });
});
