import type { Sensor } from '../core/sensor';
import type { Bucket, InsightRange, SensorBuckets, SensorLabel } from './types';

/**
 * Flood frequency, duration and depth: per gauge and per kecamatan, the episodes above each Siaga
 * threshold (3 Waspada, 2 Siaga, 1 Awas), from the highest water level of each time bucket. An
 * episode above Siaga 2 is also one above Siaga 3: each level is counted on its own.
 */
export const SIAGA_KEYS = [3, 2, 1] as const;
export type SiagaNumber = (typeof SIAGA_KEYS)[number];

export interface Episode {
  startMs: number;
  /** End of the last bucket above the threshold. */
  endMs: number;
  peakCm: number;
}

export interface LevelStats {
  siaga: SiagaNumber;
  /** The gauge's threshold (cm); null in a district's sum, where gauges differ. */
  thresholdCm: number | null;
  episodes: number;
  hours: number;
  /** Highest water level above the threshold (cm); null when never reached. */
  maxDepthCm: number | null;
}

export interface GaugeFloods extends SensorLabel {
  levels: LevelStats[];
}

export interface DistrictFloods {
  district: string;
  gauges: number;
  levels: LevelStats[];
}

export interface FloodInsight extends InsightRange {
  bucketS: number;
  gauges: GaugeFloods[];
  districts: DistrictFloods[];
}

/**
 * Runs of buckets at or above a threshold. Buckets further apart than maxGapMs (a sensor silent for
 * a while) end an episode: what happened in between is unknown, and is not counted as flooded.
 */
export function findEpisodes(buckets: readonly Bucket[], thresholdCm: number, widthMs: number, maxGapMs: number): Episode[] {
  const out: Episode[] = [];
  let open: Episode | null = null;
  for (const b of buckets) {
    const level = b.values.water_level;
    if (typeof level !== 'number') continue;
    if (level < thresholdCm) {
      open = null;
      continue;
    }
    if (open && b.ts - (open.endMs - widthMs) <= maxGapMs) {
      open.endMs = b.ts + widthMs;
      open.peakCm = Math.max(open.peakCm, level);
    } else {
      open = { startMs: b.ts, endMs: b.ts + widthMs, peakCm: level };
      out.push(open);
    }
  }
  return out;
}

function levelStats(siaga: SiagaNumber, thresholdCm: number, episodes: Episode[]): LevelStats {
  const hours = episodes.reduce((sum, e) => sum + (e.endMs - e.startMs), 0) / 3_600_000;
  const peak = episodes.length ? Math.max(...episodes.map((e) => e.peakCm)) : null;
  return { siaga, thresholdCm, episodes: episodes.length, hours, maxDepthCm: peak === null ? null : peak - thresholdCm };
}

export function gaugeFloods(sensor: Sensor, buckets: readonly Bucket[], widthMs: number): GaugeFloods {
  const t = sensor.flood!;
  // An empty bucket, or more than two missed readings, is a gap: unknown, not flooded.
  const maxGapMs = Math.max(widthMs, 2 * sensor.intervalS * 1000);
  const levels = SIAGA_KEYS.map((siaga) => {
    const threshold = t[`siaga${siaga}`];
    return levelStats(siaga, threshold, findEpisodes(buckets, threshold, widthMs, maxGapMs));
  });
  return { sensor: sensor.id, name: sensor.name, district: sensor.district, kind: sensor.kind, levels };
}

function sumLevels(gauges: readonly GaugeFloods[]): LevelStats[] {
  return SIAGA_KEYS.map((siaga, i) => {
    const rows = gauges.map((g) => g.levels[i]);
    const depths = rows.map((r) => r.maxDepthCm).filter((d): d is number => d !== null);
    return {
      siaga, thresholdCm: null,
      episodes: rows.reduce((s, r) => s + r.episodes, 0),
      hours: rows.reduce((s, r) => s + r.hours, 0),
      maxDepthCm: depths.length ? Math.max(...depths) : null
    };
  });
}

/** Worst first: most hours above Siaga 3, then by id or name. */
const byHours = (a: { levels: LevelStats[] }, b: { levels: LevelStats[] }) => b.levels[0].hours - a.levels[0].hours;

export function floodInsight(sensors: Iterable<Sensor>, buckets: SensorBuckets, widthMs: number, range: InsightRange): FloodInsight {
  const gauges = [...sensors].filter((s) => s.kind === 'flood' && s.flood).map((s) => gaugeFloods(s, buckets.get(s.id) ?? [], widthMs));
  gauges.sort((a, b) => byHours(a, b) || (a.sensor < b.sensor ? -1 : 1));
  const byDistrict = new Map<string, GaugeFloods[]>();
  for (const g of gauges) byDistrict.set(g.district, [...(byDistrict.get(g.district) ?? []), g]);
  const districts = [...byDistrict].map(([district, list]) => ({ district, gauges: list.length, levels: sumLevels(list) }));
  districts.sort((a, b) => byHours(a, b) || a.district.localeCompare(b.district));
  return { ...range, bucketS: widthMs / 1000, gauges, districts };
}
