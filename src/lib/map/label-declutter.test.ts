import { describe, expect, it } from 'vitest';
import { labelsToShow } from './label-declutter';

const box = (left: number, top: number, width = 100, height = 14) => ({ left, top, right: left + width, bottom: top + height });

describe('labelsToShow', () => {
  it('shows names apart from each other, and hides a later one drawn over an earlier one', () => {
    expect(labelsToShow([box(0, 0), box(200, 0), box(50, 5), box(0, 40)])).toEqual([true, true, false, true]);
  });

  it('keeps a gap: names closer than it count as touching, a hidden name blocks nothing', () => {
    expect(labelsToShow([box(0, 0), box(102, 0), box(0, 16)])).toEqual([true, false, false]);
    expect(labelsToShow([box(0, 0), box(105, 0)])).toEqual([true, true]);
    // the second is hidden under the first; the third only touches the second, so it is shown
    expect(labelsToShow([box(0, 0), box(60, 0), box(150, 0)])).toEqual([true, false, true]);
  });
});
