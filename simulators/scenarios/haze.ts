import type { Scenario } from './types';

/** Peat-fire smoke drifting in from the south-west: PM2.5 climbs to 150–300 µg/m³ over ~10 minutes. */
export const haze: Scenario = {
  name: 'haze',
  description: 'peat-fire smoke: PM2.5 rises to 150–300 µg/m³ over the southern and western districts',
  effects: [
    {
      type: 'haze',
      districts: ['Palaran', 'Loa Janan Ilir', 'Sungai Kunjang', 'Samarinda Seberang'],
      envelope: { startS: 60, rampS: 600, holdS: 1_200, fadeS: 900 },
      peakPm25: [150, 300]
    }
  ]
};
