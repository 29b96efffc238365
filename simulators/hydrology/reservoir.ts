/**
 * The two building blocks, each exact over a step with constant input (so the step only sets the
 * resolution, never the stability): a linear reservoir, and a soil store that decides how much
 * of the rain runs off. Volumes are in mm over the sub-catchment; rates in mm/h; times in h.
 */

/** dS/dt = inflow − S/k over dtH: new storage and the volume that flowed out. */
export function linearReservoirStep(storage: number, inflow: number, kH: number, dtH: number): { storage: number; outflow: number } {
  const decay = Math.exp(-dtH / kH);
  const next = storage * decay + inflow * kH * (1 - decay);
  return { storage: next, outflow: storage + inflow * dtH - next };
}

export interface SoilParams {
  runoffDry: number;
  runoffWet: number;
  soilMaxMm: number;
  soilTauH: number;
}

/**
 * Rain on the soil: the wetter the soil, the larger the share that runs off (from runoffDry on dry
 * soil to runoffWet when saturated); the rest soaks in and leaves slowly (evaporation, deep
 * drainage: the loss term). Returns the runoff (mm) and the loss (mm) of the step.
 */
export function soilStep(soil: number, rainMmH: number, p: SoilParams, dtH: number): { soil: number; runoff: number; loss: number } {
  const wet = Math.min(1, soil / p.soilMaxMm);
  const share = p.runoffDry + (p.runoffWet - p.runoffDry) * wet;
  const rain = rainMmH * dtH;
  const runoff = rain * share;
  const stepped = linearReservoirStep(soil, (rain - runoff) / dtH, p.soilTauH, dtH);
  return { soil: stepped.storage, runoff, loss: stepped.outflow };
}
