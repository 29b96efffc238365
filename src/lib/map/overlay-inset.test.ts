import { describe, expect, it } from 'vitest';
import { bottomInset, topInset } from './overlay-inset';

const map = { top: 50, bottom: 1080, left: 0, right: 1340 };

describe('bottomInset', () => {
  it('is the band an overlay covers at the bottom of the map', () => {
    expect(bottomInset(map, { top: 960, bottom: 1066, left: 13, right: 755 })).toBe(120);
  });

  it('is 0 for an overlay below or beside the map (a phone lays the legend under it)', () => {
    expect(bottomInset({ top: 78, bottom: 410, left: 0, right: 390 }, { top: 418, bottom: 670, left: 13, right: 377 })).toBe(0);
    expect(bottomInset(map, { top: 960, bottom: 1066, left: 1400, right: 1900 })).toBe(0);
  });
});

describe('topInset', () => {
  it('is how far down an overlay at the top reaches, 0 for one elsewhere', () => {
    expect(topInset({ top: 78, bottom: 410, left: 0, right: 390 }, { top: 91, bottom: 121, left: 175, right: 377 })).toBe(43);
    expect(topInset(map, { top: 960, bottom: 1066, left: 1400, right: 1900 })).toBe(0);
  });
});
