import type { Sensor } from '../core/sensor';
import { trafficState } from '../core/traffic-levels';
import { HOURS_PER_WEEK, hourOfWeek } from './time';
import type { Bucket, InsightRange, SensorBuckets, SensorLabel } from './types';

/**
 * Congestion hotspots: for each junction approach, 7 × 24 cells (Monday 00:00 … Sunday 23:00 WITA).
 * Each cell counts the hours with readings, the hours whose mean state was Macet (LOS E/F, the
 * grouping of core/traffic-levels.ts) and the mean speed against free flow. Hourly means are what
 * the 1-hour rollup holds, so a quarter of a city's traffic reads fast; a jam of ten minutes inside
 * a quiet hour does not count, which is what a hotspot (a recurring jam) should ignore anyway.
 */
export interface WeekCells {
  /** Hours with readings, per hour of week (index weekday × 24 + hour). */
  hours: number[];
  /** Of those, hours at Macet (LOS E/F). */
  macet: number[];
  /** Mean of the hourly speed ÷ free-flow speed; null where no hour had a speed. */
  speedRatio: (number | null)[];
}

export interface JunctionHeat extends SensorLabel {
  rank: number;
  hours: number;
  macetHours: number;
  /** macetHours ÷ hours, 0 without data. */
  macetShare: number;
  meanSpeedRatio: number | null;
  cells: WeekCells;
}

export interface CongestionInsight extends InsightRange {
  junctions: JunctionHeat[];
}

/** A bucket's level: Macet when the hour's mean speed, flow and occupancy say so. */
function isMacet(b: Bucket, sensor: Sensor): boolean {
  return trafficState(b.values, sensor.traffic!).level.key === 'macet';
}

export function weekCells(buckets: readonly Bucket[], sensor: Sensor): WeekCells {
  const hours = new Array<number>(HOURS_PER_WEEK).fill(0);
  const macet = new Array<number>(HOURS_PER_WEEK).fill(0);
  const ratioSum = new Array<number>(HOURS_PER_WEEK).fill(0);
  const ratioN = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const b of buckets) {
    if (Object.keys(b.values).length === 0) continue;
    const i = hourOfWeek(b.ts);
    hours[i]++;
    if (isMacet(b, sensor)) macet[i]++;
    if (typeof b.values.speed === 'number') {
      ratioSum[i] += b.values.speed / sensor.traffic!.freeFlowKmh;
      ratioN[i]++;
    }
  }
  return { hours, macet, speedRatio: ratioSum.map((s, i) => (ratioN[i] ? s / ratioN[i] : null)) };
}

function junctionHeat(sensor: Sensor, buckets: readonly Bucket[]): Omit<JunctionHeat, 'rank'> {
  const cells = weekCells(buckets, sensor);
  const hours = cells.hours.reduce((a, b) => a + b, 0);
  const macetHours = cells.macet.reduce((a, b) => a + b, 0);
  let sum = 0;
  let n = 0;
  cells.speedRatio.forEach((r, i) => {
    if (r === null) return;
    sum += r * cells.hours[i];
    n += cells.hours[i];
  });
  return {
    sensor: sensor.id, name: sensor.name, district: sensor.district, kind: sensor.kind,
    hours, macetHours, macetShare: hours ? macetHours / hours : 0, meanSpeedRatio: n ? sum / n : null, cells
  };
}

/**
 * Every traffic sensor with a traffic profile, worst first: by share of hours at Macet, then by the
 * lower mean speed against free flow (a road crawling at 40 % is worse than one at 90 %), then by id.
 */
export function congestionInsight(sensors: Iterable<Sensor>, buckets: SensorBuckets, range: InsightRange): CongestionInsight {
  const rows = [...sensors]
    .filter((s) => s.kind === 'traffic' && s.traffic)
    .map((s) => junctionHeat(s, buckets.get(s.id) ?? []));
  rows.sort(
    (a, b) => b.macetShare - a.macetShare || (a.meanSpeedRatio ?? 2) - (b.meanSpeedRatio ?? 2) || (a.sensor < b.sensor ? -1 : 1)
  );
  return { ...range, junctions: rows.map((r, i) => ({ ...r, rank: i + 1 })) };
}
