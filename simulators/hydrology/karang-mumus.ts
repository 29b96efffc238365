/**
 * The Karang Mumus as the simulator models it: sub-catchments, the Benanga reservoir, two routed
 * reaches and the gauges. Numbers are plausible, not surveyed: areas and positions from the map
 * (the SKM catchment is ~200 km², Benanga's ~70 km²), time constants chosen so a big storm moves
 * the gauges at rates of the order reported for real floods (Benanga 6–7 cm/h in Nov 2020, where
 * the flood-rise storm gives 12–17 cm/h; Gunung Lingai 245 cm and KP3 275 cm in June 2019; domain
 * notes §2.3).
 */

/** Model time step (s). Every reservoir update below is exact for a step, so 60 s is only resolution. */
export const STEP_S = 60;
export const STEP_MS = STEP_S * 1000;

export type Node = 'flood-benanga' | 'flood-gunung-lingai' | 'flood-kp3';
export const GAUGES: readonly Node[] = ['flood-benanga', 'flood-gunung-lingai', 'flood-kp3'];

export interface SubCatchment {
  id: string;
  /** Centre, where its rain is sampled. */
  lat: number;
  lon: number;
  areaKm2: number;
  /** Dry-weather flow (m³/s) from groundwater. */
  baseflowM3s: number;
  /** Share of rain that runs off on dry soil and on saturated soil (urban land runs off more). */
  runoffDry: number;
  runoffWet: number;
  /** Soil store (mm) at which the soil counts as saturated, and how fast it dries (h). */
  soilMaxMm: number;
  soilTauH: number;
  /** Time constant (h) of each of the two linear reservoirs the runoff passes (a Nash cascade). */
  kH: number;
  /** Where its water enters the river. */
  to: Node;
}

export const SUBCATCHMENTS: readonly SubCatchment[] = Object.freeze([
  { id: 'pampang', lat: -0.355, lon: 117.19, areaKm2: 48, baseflowM3s: 0.8, runoffDry: 0.15, runoffWet: 0.6, soilMaxMm: 70, soilTauH: 36, kH: 1.8, to: 'flood-benanga' },
  { id: 'siring', lat: -0.38, lon: 117.225, areaKm2: 32, baseflowM3s: 0.6, runoffDry: 0.15, runoffWet: 0.6, soilMaxMm: 70, soilTauH: 36, kH: 1.5, to: 'flood-benanga' },
  { id: 'lempake', lat: -0.425, lon: 117.19, areaKm2: 18, baseflowM3s: 0.4, runoffDry: 0.2, runoffWet: 0.6, soilMaxMm: 60, soilTauH: 30, kH: 2.0, to: 'flood-gunung-lingai' },
  { id: 'sempaja', lat: -0.44, lon: 117.155, areaKm2: 14, baseflowM3s: 0.3, runoffDry: 0.25, runoffWet: 0.7, soilMaxMm: 50, soilTauH: 30, kH: 1.8, to: 'flood-gunung-lingai' },
  { id: 'sungai-pinang', lat: -0.468, lon: 117.185, areaKm2: 16, baseflowM3s: 0.3, runoffDry: 0.45, runoffWet: 0.9, soilMaxMm: 30, soilTauH: 24, kH: 1.3, to: 'flood-kp3' },
  { id: 'temindung', lat: -0.485, lon: 117.162, areaKm2: 12, baseflowM3s: 0.2, runoffDry: 0.5, runoffWet: 0.9, soilMaxMm: 30, soilTauH: 24, kH: 1.1, to: 'flood-kp3' }
]);

/**
 * Benanga: a level pool over a spillway. The gauge reads cm above the main spillway crest (7.20 m);
 * the emergency spillway starts at 50 cm (7.70 m). Outflow over each crest is a weir, C·h^1.5.
 * The pool area includes the flooded swamp upstream of the dam, which is what keeps the rise to
 * centimetres per hour.
 */
export const BENANGA = Object.freeze({ poolAreaM2: 6e6, mainWeirC: 40, emergencyCrestM: 0.5, emergencyWeirC: 300 });

/** River reaches as cascades of n linear reservoirs of k hours each (mean travel time n·k). */
export interface Reach {
  from: Node;
  to: Node;
  n: number;
  kH: number;
}
export const REACHES: readonly Reach[] = Object.freeze([
  { from: 'flood-benanga', to: 'flood-gunung-lingai', n: 3, kH: 0.6 },
  { from: 'flood-gunung-lingai', to: 'flood-kp3', n: 3, kH: 0.5 }
]);

/**
 * Rating curves, stage = normal + a·(Q^b − Q₀^b): `normalCm` at dry-weather flow, `designCm` at the
 * peak flow of the design storm (see rating.ts, which fits `a`). KP3's curve is the river's own
 * stage there; the Mahakam is laid over it (tide.ts).
 */
export const RATINGS = Object.freeze({
  'flood-gunung-lingai': { normalCm: 170, designCm: 272, b: 0.8 },
  'flood-kp3': { normalCm: 160, designCm: 285, b: 0.8 }
});

/**
 * Road spots the river floods, with the gauge whose level drives them (the catalog's `downstream`
 * links of Benanga and Gunung Lingai; a unit test checks they agree). When that gauge is above
 * `spillCm` (near its Siaga 3 line), river water reaches the street and the street's drains, which
 * empty into the river, stop draining.
 */
export const RIVER_SPOTS: Readonly<Record<string, { gauge: Node; spillCm: number }>> = Object.freeze({
  'flood-betapus': { gauge: 'flood-benanga', spillCm: 52 },
  'flood-perumnas-bengkuring': { gauge: 'flood-benanga', spillCm: 50 },
  'flood-perum-griya-mukti-sejahtera': { gauge: 'flood-gunung-lingai', spillCm: 200 },
  'flood-pemuda': { gauge: 'flood-gunung-lingai', spillCm: 215 },
  'flood-brigjend-katamso': { gauge: 'flood-gunung-lingai', spillCm: 228 },
  'flood-gatot-subroto': { gauge: 'flood-gunung-lingai', spillCm: 232 },
  'flood-lambung-mangkurat': { gauge: 'flood-gunung-lingai', spillCm: 224 }
});

/** Roads on the Mahakam bank whose drains back up at high tide: kerb height on the tide's scale (cm above mean). */
export const TIDAL_SPOTS: Readonly<Record<string, { kerbCm: number }>> = Object.freeze({
  'flood-slamet-riyadi': { kerbCm: 50 },
  'flood-kapten-soedjono-aj': { kerbCm: 55 },
  'flood-tengkawang': { kerbCm: 58 }
});
