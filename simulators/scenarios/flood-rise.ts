import type { Scenario } from './types';

/**
 * A big storm over the upper Karang Mumus drifting south over the city: 45–65 mm/h at its peak,
 * ~5 h of rain. Streets pond within the hour; Gunung Lingai passes Siaga 3 about 2½ h after the
 * rain starts, KP3 and Benanga about an hour later, and the river stays high for most of a day
 * (times vary with the seed's storm). `npm run sim` starts it 3 h in (see --into).
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
