/**
 * The storm bench:notify drives through the ingest: flood gauges spread over the districts the seeded
 * people subscribe to, all reporting every `intervalS`, each crossing its Siaga line once during the
 * storm window and staying there. Every `criticalEvery`th gauge rises straight to Siaga 1 (critical,
 * raised at once); the others to Siaga 3 (warning, raised by the policy once the level has held a
 * minute over two readings). Pure: a plan and the water level of a gauge at a time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog, FloodThresholds, Sensor } from '../../src/lib/core/sensor';
import { ROOT } from '../lib/proc';
import { DISTRICTS } from './seed';

/** The same lines on every gauge: baseline 90 cm, Siaga 3 at 100, Siaga 2 at 110, Siaga 1 at 115. */
export const STORM_THRESHOLDS: Readonly<FloodThresholds> = Object.freeze({ siaga3: 100, siaga2: 110, siaga1: 115 });
const BASELINE_CM = 90;
/**
 * Levels after the crossing. 117 is 27 cm above the baseline: under the 30 cm the flood_level rule
 * holds back as an implausible jump, so the first reading at Siaga 1 raises the alert itself.
 */
const WARNING_CM = 104;
const CRITICAL_CM = 117;

export interface StormGauge {
  sensor: Sensor;
  critical: boolean;
  /** The gauge's first reading this long or longer after the storm starts is over its line. */
  crossAfterMs: number;
  /** Offset of its readings within each interval, so the gauges do not all report in the same instant. */
  phaseMs: number;
}

export interface StormPlan {
  catalog: Catalog;
  gauges: StormGauge[];
}

/**
 * `count` gauges; gauge g in district (g + ⌊g/10⌋) mod 10, so the criticals (every `criticalEvery`th)
 * fall on every district, not on one; crossings evenly over the storm's first `stormMs`.
 */
export function planStorm(o: { count: number; criticalEvery: number; intervalS: number; stormMs: number }): StormPlan {
  const base = JSON.parse(readFileSync(path.join(ROOT, 'src/lib/catalog/samarinda.json'), 'utf8')) as Catalog;
  const districts = base.districts.filter((d) => DISTRICTS.includes(d.name));
  const gauges: StormGauge[] = [];
  for (let g = 0; g < o.count; g++) {
    const district = districts[(g + Math.floor(g / districts.length)) % districts.length];
    const sensor: Sensor = {
      id: `storm-${String(g).padStart(4, '0')}`,
      kind: 'flood',
      name: `Pos Banjir Uji ${g}`,
      district: district.name,
      lat: district.lat + ((g % 7) - 3) * 0.002,
      lon: district.lon + ((g % 5) - 2) * 0.002,
      intervalS: o.intervalS,
      flood: { ...STORM_THRESHOLDS }
    };
    gauges.push({
      sensor,
      critical: o.criticalEvery > 0 && g % o.criticalEvery === o.criticalEvery - 1,
      crossAfterMs: (g * o.stormMs) / o.count,
      phaseMs: ((g * 997) % (o.intervalS * 1000))
    });
  }
  return { catalog: { city: base.city, districts, sensors: gauges.map((g) => g.sensor) }, gauges };
}

/**
 * Water level (cm) of a gauge's k-th reading, `sinceStartMs` after the storm started (negative before):
 * baseline before its crossing, its storm level after; ±0.4 cm of ripple so the stuck rule stays quiet.
 */
export function waterLevelAt(gauge: StormGauge, sinceStartMs: number, k: number): number {
  const ripple = Math.round(Math.sin(k * 1.7 + gauge.phaseMs) * 4) / 10;
  if (sinceStartMs < gauge.crossAfterMs) return BASELINE_CM + ripple;
  return (gauge.critical ? CRITICAL_CM : WARNING_CM) + ripple;
}
