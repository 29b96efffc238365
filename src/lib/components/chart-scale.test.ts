import { describe, it, expect } from 'vitest';
import { TIME_LABEL_PX, axisDigits, linePath, linear, niceTicks, valueDomain, timeAxis, timeTicks } from './chart-scale';
import { formatShortTime } from '../format/format';
import { HOURS_CHOICES } from '../realtime/history';

describe('chart scales', () => {
  it('makes round ticks inside the range', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(143, 262, 5)).toEqual([150, 175, 200, 225, 250]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('includes thresholds in the value domain so their lines are always visible', () => {
    const [lo, hi] = valueDomain([100, 120], [250]);
    expect(lo).toBeLessThan(100);
    expect(hi).toBeGreaterThan(250);
    expect(valueDomain([])).toEqual([0, 1]);
  });

  it('breaks the line at gaps longer than allowed', () => {
    const x = linear([0, 10], [0, 100]);
    const y = linear([0, 1], [100, 0]);
    expect(linePath([[0, 0], [1, 1], [9, 0]], x, y, 2)).toBe('M0.0,100.0L10.0,0.0M90.0,100.0');
  });
});

describe('axisDigits', () => {
  it('writes a whole axis with one precision: the fewest digits that show every tick exactly', () => {
    // per tick, 0 got one decimal and the rest none: "0.0, 100, 200, 300"
    expect(axisDigits(niceTicks(0, 300, 5))).toBe(0);
    expect(axisDigits([0, 2.5, 5, 7.5])).toBe(1);
    expect(axisDigits([0.25, 0.5, 0.75])).toBe(2);
    expect(axisDigits(niceTicks(0.1, 0.3, 5))).toBe(2); // steps of 0.05
    expect(axisDigits([1e-5, 2e-5])).toBe(3);
    expect(axisDigits([])).toBe(0);
  });
});

describe('timeTicks', () => {
  const H = 3_600_000;
  it('keeps a readable number of labels from 1 hour to 30 days', () => {
    for (const hours of [1, 6, 24, 72, 168, 720]) {
      const n = timeTicks(0, hours * H).length;
      expect(n, `${hours} h`).toBeGreaterThanOrEqual(3);
      expect(n, `${hours} h`).toBeLessThanOrEqual(13);
    }
  });
  it('puts ticks on whole steps inside the window', () => {
    expect(timeTicks(0.5 * H, 6.5 * H)).toEqual([1, 2, 3, 4, 5, 6].map((h) => h * H));
  });
  it('keeps labels TIME_LABEL_PX apart however narrow the plot, for every window the sensor page offers', () => {
    for (const hours of HOURS_CHOICES) {
      for (const plotPx of [120, 190, 400, 634, 1400]) {
        const ticks = timeTicks(0.3 * H, (0.3 + hours) * H, plotPx);
        // a 120 px plot may hold one label only; a phone's 190 px holds two at least
        expect(ticks.length, `${hours} h on ${plotPx} px`).toBeGreaterThanOrEqual(plotPx >= 190 ? 2 : 1);
        const gapPx = ticks.length < 2 ? Infinity : ((ticks[1] - ticks[0]) / (hours * H)) * plotPx;
        expect(gapPx, `${hours} h on ${plotPx} px`).toBeGreaterThanOrEqual(TIME_LABEL_PX);
      }
    }
  });
  it('labels each hour of the 6-hour window stretched by its 2-hour forecast on a desktop (it read 09.00, 12.00, 15.00)', () => {
    // from 08:30 to 16:30 WITA (00:30–08:30 UTC) on a 1,100 px plot
    expect(timeTicks(0.5 * H, 8.5 * H, 1100)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((h) => h * H));
  });
  it('takes a coarser step on a phone and keeps the wide step on a desktop', () => {
    // the sensor page's default 6 h on a 390 px phone (plot ≈ 190 px): every 2 h, not every hour
    expect(timeTicks(0.5 * H, 6.5 * H, 190)).toEqual([2, 4, 6].map((h) => h * H));
    expect(timeTicks(0.5 * H, 6.5 * H, 900)).toEqual([1, 2, 3, 4, 5, 6].map((h) => h * H));
  });
  it('draws no label on a plot with no room or an empty window', () => {
    expect(timeTicks(0, 6 * H, 0)).toEqual([]);
    expect(timeTicks(6 * H, 6 * H, 500)).toEqual([]);
  });
  // Samarinda is UTC+8: on UTC-aligned steps a day tick sat at 08:00 WITA and read "08:00" under every one.
  const NOW = Date.UTC(2026, 11, 7, 5, 43); // 7 Dec 2026 13:43 WITA
  it('lays day ticks on WITA midnight and labels them with the date, in the UI language', () => {
    const week = timeAxis(NOW - 168 * H, NOW, 900, 'id');
    expect(week.map((k) => k.label)).toEqual(['1 Des', '2 Des', '3 Des', '4 Des', '5 Des', '6 Des', '7 Des']);
    expect(week[0].t).toBe(Date.UTC(2026, 10, 30, 16)); // 1 Dec 00:00 WITA
    expect(timeAxis(NOW - 72 * H, NOW, 900, 'en').map((k) => k.label)).toEqual(['5 Dec', '6 Dec', '7 Dec']);
  });
  it('labels windows of months with month and year, on the first of the month in WITA', () => {
    // A year of "7 Des" labels could not say which December; 1 Jan 00:00 WITA is 31 Dec 16:00 UTC.
    const year = timeAxis(NOW - 8760 * H, NOW, 900, 'id');
    expect(year.map((k) => k.label)).toEqual(['Jan 2026', 'Mar 2026', 'Mei 2026', 'Jul 2026', 'Sep 2026', 'Nov 2026']);
    expect(year[0].t).toBe(Date.UTC(2025, 11, 31, 16));
    expect(timeAxis(NOW - 2160 * H, NOW, 900, 'en').map((k) => k.label)).toEqual(['Oct 2026', 'Nov 2026', 'Dec 2026']);
    expect(timeAxis(NOW - 8760 * H, NOW, 190, 'en').map((k) => k.label)).toEqual(['Jan 2026', 'Jul 2026']);
  });
  it('keeps times on the WITA clock for windows of hours', () => {
    // 3-hourly ticks at 15:00, 18:00 … WITA, where steps laid on UTC gave 14:00, 17:00, 20:00 …
    expect(timeAxis(NOW - 24 * H, NOW, 900, 'en').map((k) => k.label)).toEqual(
      ['15:00', '18:00', '21:00', '00:00', '03:00', '06:00', '09:00', '12:00']
    );
  });
  it('labels every window the sensor page offers with distinct dates or times, at phone and desktop widths', () => {
    for (const lang of ['id', 'en'] as const) {
      for (const hours of HOURS_CHOICES) {
        for (const plotPx of [190, 634, 1400]) {
          const what = `${hours} h on ${plotPx} px (${lang})`;
          const axis = timeAxis(NOW - hours * H, NOW, plotPx, lang);
          const labels = axis.map((k) => k.label);
          expect(axis.length, what).toBeGreaterThanOrEqual(2);
          expect(new Set(labels).size, `${what}: ${labels.join(', ')}`).toBe(labels.length);
          if (hours > 62 * 24) {
            for (const { t, label } of axis) {
              expect(label, what).toMatch(/^\p{L}{3,4} \d{4}$/u);
              expect(formatShortTime(t, 'en'), `${what}: ${label} at WITA midnight`).toBe('00:00');
            }
          } else if (hours >= 72) {
            for (const { t, label } of axis) {
              expect(label, what).toMatch(/^\d{1,2} \p{L}{3,4}$/u);
              expect(formatShortTime(t, 'en'), `${what}: ${label} at WITA midnight`).toBe('00:00');
            }
          } else if (hours <= 6 || plotPx >= 634) {
            for (const label of labels) expect(label, what).toMatch(/^\d\d[:.]\d\d$/);
          }
        }
      }
    }
  });
});
