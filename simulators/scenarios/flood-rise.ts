import type { Scenario } from './types';

/**
 * A big storm over the upper Karang Mumus drifting south over the city: 45–65 mm/h at its peak,
 * ~5 h of rain. Streets pond within 1–2 h; Gunung Lingai passes Siaga 3 about 2 h after the rain
 * starts (the city's own runoff reaches it before Benanga's release does), KP3 about an hour later,
 * Benanga's slow pool after 3½–6 h; the river stays high for most of a day, Benanga up to two (times
 * vary with the seed's storm). `npm run sim` joins it 3 h in (see --into).
 */
export const floodRise: Scenario = {
  name: 'flood-rise',
  description: 'a 45–65 mm/h storm over the Karang Mumus (~5 h): streets pond, then Gunung Lingai, KP3 and Benanga pass their Siaga lines over hours',
  effects: [
    {
      type: 'storm',
      envelope: { startS: 60, rampS: 3_600, holdS: 7_200, fadeS: 7_200 },
      peakMmH: [45, 65],
      from: [-0.345, 117.205],
      moveKmH: [-0.3, -4],
      radiusKm: 8
    }
  ]
};
