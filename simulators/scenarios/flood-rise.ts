import type { Scenario } from './types';

/**
 * Heavy rain over the upper Karang Mumus from minute 1; Benanga rises first, then the river gauges
 * and riverside spots downstream, then it all recedes. Rates are demo-fast (cm per minute, not per
 * hour) so that at --speed 1 Gunung Lingai passes Siaga 3 at ≈ 2¾ min and Siaga 2 at ≈ 4¾ min.
 */
const SPOTS_ALONG_SKM: [string, number, number][] = [
  // [sensor, start (s), peak (cm of water on the road)]
  ['flood-betapus', 90, 45],
  ['flood-perumnas-bengkuring', 110, 65],
  ['flood-perum-griya-mukti-sejahtera', 130, 55],
  ['flood-pemuda', 160, 40],
  ['flood-dr-sutomo', 200, 35]
];

export const floodRise: Scenario = {
  name: 'flood-rise',
  description: 'heavy upstream rain (30–60 mm/h) raises Benanga, then Gunung Lingai (Siaga 3 ≈ 2¾ min, Siaga 2 ≈ 4¾ min), KP3 and SKM spots; then recedes',
  effects: [
    {
      type: 'rain',
      sensorIds: ['flood-benanga', 'flood-betapus', 'flood-sukorejo', 'flood-padat-karya', 'flood-citanduy', 'flood-perumnas-bengkuring', 'flood-gunung-lingai'],
      envelope: { startS: 60, rampS: 60, holdS: 480, fadeS: 300 },
      peakMmH: [30, 60]
    },
    { type: 'level-rise', sensorId: 'flood-benanga', startS: 60, riseCmPerMin: 20, peakCm: 70, holdS: 300, recedeCmPerMin: 5 },
    { type: 'level-rise', sensorId: 'flood-gunung-lingai', startS: 75, riseCmPerMin: 20, peakCm: 100, holdS: 300, recedeCmPerMin: 5 },
    { type: 'level-rise', sensorId: 'flood-kp3', startS: 120, riseCmPerMin: 15, peakCm: 95, holdS: 300, recedeCmPerMin: 5 },
    ...SPOTS_ALONG_SKM.map(([sensorId, startS, peakCm]) => ({
      type: 'level-rise' as const, sensorId, startS, riseCmPerMin: 12, peakCm, holdS: 300, recedeCmPerMin: 3
    }))
  ]
};
