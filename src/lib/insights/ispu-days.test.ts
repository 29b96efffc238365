import { describe, expect, it } from 'vitest';
import type { Sensor } from '../core/sensor';
import { dailyIspu, ispuInsight, monthsIn } from './ispu-days';
import type { Bucket } from './types';

const D1 = Date.parse('2026-11-29T00:00:00+08:00');
const H = 3_600_000;
const station = (id: string): Sensor => ({ id, kind: 'air', name: `Stasiun ${id}`, district: 'Palaran', lat: 0, lon: 0, intervalS: 300 });
/** `hours` hourly means of PM2.5 from a day's start. */
const day = (start: number, pm25: number, hours = 24): Bucket[] => Array.from({ length: hours }, (_, i) => ({ ts: start + i * H, values: { pm25 } }));

describe('ISPU days', () => {
  it('takes the day mean of hourly means and skips days with under 12 hours', () => {
    // 12 hours at 10 and 12 at 40: mean 25 µg/m³ → ISPU 62 (Sedang). Next day only 6 hours.
    const hourly = [...day(D1, 10, 12), ...day(D1 + 12 * H, 40, 12), ...day(D1 + 24 * H, 300, 6)];
    expect(dailyIspu(hourly)).toEqual([{ date: '2026-11-29', hours: 24, value: 62, category: 'sedang' }]);
  });

  it('counts days per category per WITA month and station, worst station first', () => {
    const buckets = new Map([
      // 29 Nov Baik (5), 30 Nov Tidak Sehat (100 → 152), 1 Dec Baik.
      ['a', [...day(D1, 5), ...day(D1 + 24 * H, 100), ...day(D1 + 48 * H, 5)]],
      ['b', [...day(D1, 5)]]
    ]);
    const r = ispuInsight([station('b'), station('a')], buckets, { from: D1, to: D1 + 3 * 24 * H });
    expect(r.months).toEqual(['2026-11', '2026-12']);
    expect(r.stations.map((s) => s.sensor)).toEqual(['a', 'b']);
    const a = r.stations[0];
    expect(a.months[0]).toEqual({ month: '2026-11', counts: { baik: 1, sedang: 0, 'tidak-sehat': 1, 'sangat-tidak-sehat': 0, berbahaya: 0 }, days: 2 });
    expect(a.months[1].counts.baik).toBe(1);
    expect(a.days).toBe(3);
    expect(r.stations[1].months[1].days).toBe(0);
  });

  it('lists the months a range touches across a year end', () => {
    expect(monthsIn(Date.parse('2026-11-15T00:00:00+08:00'), Date.parse('2027-02-01T00:00:00+08:00'))).toEqual(['2026-11', '2026-12', '2027-01']);
  });
});
