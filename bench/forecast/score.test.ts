import { describe, expect, it } from 'vitest';
import { formatForecastCsv, parseForecastCsv, parseSeriesCsv, type Series, type StationForecasts } from './data';
import { ForecastScorer } from './score';

const series = (levels: number[]): Series => ({ ts: levels.map((_, i) => i * 600), level: levels });

describe('forecast scorer (score.py semantics)', () => {
  it('scores skill against persistence on hand-computed data', () => {
    const sc = new ForecastScorer();
    // y(0) = 0, y(30 min) = 10: persistence errs by 10, a forecast of 6 by 4 → skill 0.6
    sc.add(series([0, 0, 0, 10]), new Map([[0, { 30: 6 }]]), 5);
    const r = sc.result();
    expect(r.skillAll[30]).toBe(0.6);
    expect(r.skillEvent[30]).toBe(0.6);
    expect(r.skillAll[60]).toBeNull();
    expect(r.stationMedianEvent[30]).toBeNull(); // fewer than 20 event points
    expect(r.tables[30]).toEqual({ hits: 1, misses: 0, falseAlarms: 0 });
    expect(r.coverage).toBe(0.25);
  });

  it('counts a crossing after 6 h below with the longest horizon that warned, and false alarms', () => {
    const levels = [...Array(38).fill(50), 120, 120];
    const fc: StationForecasts = new Map([
      [38 * 600 - 1800, { 30: 101 }], // 30 min before the crossing: says ≥ warn
      [38 * 600 - 3600, { 60: 99 }], // 60 min before: says below → lead stays 30
      [0, { 60: 200 }] // y(60 min) = 50: a false alarm
    ]);
    const sc = new ForecastScorer();
    sc.add(series(levels), fc, 100);
    const r = sc.result();
    expect([r.warnEvents, r.warned30, r.meanLeadMin]).toEqual([1, 1, 30]);
    expect(r.tables[60]).toEqual({ hits: 0, misses: 2, falseAlarms: 1 }); // issued 60 and 50 min before: 99 and none
    expect(r.csi[60]).toBe(0);
    expect(r.csi[30]).toBe(1 / 2); // 30 min before: hit; 20 min before (no forecast): miss
  });

  it('gives a perfect forecast 1 everywhere and persistence 0', () => {
    const levels = [...Array(40).fill(50), ...Array.from({ length: 20 }, (_, i) => 60 + 10 * i)];
    const perfect: StationForecasts = new Map();
    levels.forEach((_, i) => {
      const at = (k: number) => levels[i + k];
      perfect.set(i * 600, { 30: at(3), 60: at(6), 120: at(12) });
    });
    const [good, none] = [new ForecastScorer(), new ForecastScorer()];
    good.add(series(levels), perfect, 100);
    none.add(series(levels), new Map(), 100);
    const g = good.result();
    const n = none.result();
    expect([g.skillAll[120], g.skillEvent[60], g.csi[60], g.meanLeadMin]).toEqual([1, 1, 1, 120]);
    expect([n.skillAll[60], n.skillEvent[120], n.csi[30], n.meanLeadMin]).toEqual([0, 0, 0, 0]);
  });

  it('reads and writes the CSV layout (empty cells are no forecast)', () => {
    const csv = formatForecastCsv([0, 600], [[1.234, null, 3], [null, null, null]]);
    expect(csv.split('\n')[1]).toBe('1970-01-01T00:00:00Z,1.23,,3.00');
    const back = parseForecastCsv(csv);
    expect(back.get(0)).toEqual({ 30: 1.23, 120: 3 });
    expect(back.get(600)).toEqual({});
    expect(parseSeriesCsv('timestamp,level_cm\n2020-01-07T00:10:00Z,5\n2020-01-07T00:20:00Z,\n').ts).toEqual([Date.UTC(2020, 0, 7, 0, 10) / 1000]);
  });
});
