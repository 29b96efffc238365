/**
 * A small synthetic Karang Mumus for the forecast flow test: Benanga (upstream, Siaga 3 at 50 cm)
 * and Gunung Lingai (Siaga 3 at 200 cm) every 10 minutes. Earlier rain pulses at Benanga reach
 * Gunung Lingai an hour later, amplified; they stay below its Siaga 3, so the forecaster learns the
 * travel time without any alert. The last pulse is bigger: it ends with Benanga past its Siaga 3
 * and still rising while Gunung Lingai has barely moved: only a forecast can see what comes.
 */
export const UPSTREAM = 'flood-benanga';
export const DOWNSTREAM = 'flood-gunung-lingai';
export const STEP_MS = 10 * 60_000;
const TRAVEL_MS = 60 * 60_000;
const HOUR_MS = 3_600_000;

export interface RiverStep {
  sensorId: string;
  ts: number;
  level: number;
}

/** One smooth rise and fall: 0 before `start`, 1 at `start + riseMs`, back to 0 by `start + 3 riseMs`. */
function pulse(t: number, start: number, riseMs: number): number {
  const x = (t - start) / riseMs;
  if (x <= 0 || x >= 3) return 0;
  return x <= 1 ? Math.sin((x * Math.PI) / 2) ** 2 : Math.cos(((x - 1) / 2) * (Math.PI / 2)) ** 2;
}

/** Benanga's level (cm): a base flow, past pulses every 8 h, and the big one ending at `end`. */
export function benanga(t: number, end: number, pulses: number): number {
  let level = 20;
  for (let i = 1; i <= pulses; i++) level += 24 * pulse(t, end - i * 8 * HOUR_MS - 3 * HOUR_MS, 2 * HOUR_MS);
  return level + 70 * pulse(t, end - 100 * 60_000, 2 * HOUR_MS);
}

export function gunungLingai(t: number, end: number, pulses: number): number {
  return 150 + 1.5 * (benanga(t - TRAVEL_MS, end, pulses) - 20);
}

/** Both gauges, in time order and interleaved (upstream first at each step), ending at `end`. */
export function riverSeries(end: number, hours = 48): RiverStep[] {
  const pulses = Math.floor((hours - 4) / 8);
  const out: RiverStep[] = [];
  const first = end - Math.floor((hours * HOUR_MS) / STEP_MS) * STEP_MS;
  for (let t = first; t <= end; t += STEP_MS) {
    out.push({ sensorId: UPSTREAM, ts: t, level: Math.round(benanga(t, end, pulses) * 10) / 10 });
    out.push({ sensorId: DOWNSTREAM, ts: t, level: Math.round(gunungLingai(t, end, pulses) * 10) / 10 });
  }
  return out;
}
