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

describe('first view room', () => {
  /** The height MapView's first view pads off (40 px each side, 20 under the switch): MapLibre fits nothing at 0 or less. */
  const room = (m: { top: number; bottom: number }, top: number, bottom: number) => m.bottom - m.top - (Math.max(40, top + 20) + 40 + bottom);

  it('leaves a quarter of the map for the sensors when the legend wraps over most of a narrow map', () => {
    // 640 px wide (a 1280 laptop at 200 %): a 260 px map beside the aside, its legend 517 px high in 1 line per level
    const narrow = { top: 50, bottom: 650, left: 0, right: 260 };
    const legend = { top: 120, bottom: 637, left: 13, right: 202 };
    const toggle = { top: 63, bottom: 120, left: 60, right: 247 };
    expect(room(narrow, topInset(narrow, toggle), bottomInset(narrow, legend))).toBeGreaterThanOrEqual(150);
    // a phone's least map (240 px) under a switch reaching 100 px down
    const phone = { top: 78, bottom: 318, left: 0, right: 390 };
    expect(room(phone, topInset(phone, { top: 91, bottom: 178, left: 175, right: 377 }), 0)).toBeGreaterThanOrEqual(60);
  });
});
