import { HOUR_MS } from '../period';
import type { FactContext } from './context';

/** Data quality: readings stored against readings promised (the sensor's interval), per sensor and district. */
export interface SensorQuality {
  sensorId: string;
  name: string;
  district: string;
  expected: number;
  received: number;
  /** received / expected, at most 1. */
  completeness: number;
  /** Hours of the period without a single reading, and the longest run of them (start, hours). */
  emptyHours: number;
  longestGap: { start: number; hours: number } | null;
}

export interface QualityFacts {
  sensors: SensorQuality[];
  districts: { district: string; expected: number; received: number; completeness: number }[];
  overall: number;
  maintenance: { sensorId: string; name: string; reason: string }[];
}

export function computeQualityFacts(ctx: FactContext): QualityFacts {
  const { period, catalog, hourly } = ctx.input;
  // A period still running promises readings only up to the report's time.
  const until = Math.max(period.start, Math.min(period.end, ctx.input.generatedAt));
  const hours = Math.ceil((until - period.start) / HOUR_MS);
  const perSensor = new Map<string, number[]>();
  for (const h of hourly) {
    if (h.hour < period.start || h.hour >= until) continue;
    let row = perSensor.get(h.sensorId);
    if (!row) perSensor.set(h.sensorId, (row = new Array<number>(hours).fill(0)));
    row[Math.floor((h.hour - period.start) / HOUR_MS)] += h.count;
  }
  const sensors = catalog.sensors.map((s): SensorQuality => {
    const row = perSensor.get(s.id) ?? new Array<number>(hours).fill(0);
    const expected = Math.floor((until - period.start) / 1000 / s.intervalS);
    const received = row.reduce((a, b) => a + b, 0);
    return { sensorId: s.id, name: s.name, district: s.district, expected, received, completeness: expected > 0 ? Math.min(1, received / expected) : 1, ...gaps(row, period.start) };
  });
  const byDistrict = new Map<string, { expected: number; received: number }>();
  for (const s of sensors) {
    const d = byDistrict.get(s.district) ?? { expected: 0, received: 0 };
    d.expected += s.expected;
    d.received += Math.min(s.received, s.expected);
    byDistrict.set(s.district, d);
  }
  const districts = [...byDistrict].map(([district, d]) => ({ district, ...d, completeness: d.expected > 0 ? d.received / d.expected : 1 }));
  districts.sort((a, b) => a.completeness - b.completeness || a.district.localeCompare(b.district));
  const totals = districts.reduce((t, d) => ({ e: t.e + d.expected, r: t.r + d.received }), { e: 0, r: 0 });
  const maintenance = ctx.input.maintenance.map((m) => ({ sensorId: m.sensorId, name: ctx.sensors.get(m.sensorId)?.name ?? m.sensorId, reason: m.reason }));
  sensors.sort((a, b) => a.completeness - b.completeness || a.sensorId.localeCompare(b.sensorId));
  return { sensors, districts, overall: totals.e > 0 ? totals.r / totals.e : 1, maintenance };
}

function gaps(row: readonly number[], start: number): Pick<SensorQuality, 'emptyHours' | 'longestGap'> {
  let emptyHours = 0;
  let best: { start: number; hours: number } | null = null;
  let run = 0;
  for (let i = 0; i <= row.length; i++) {
    if (i < row.length && row[i] === 0) {
      emptyHours++;
      run++;
      continue;
    }
    if (run > 0 && (!best || run > best.hours)) best = { start: start + (i - run) * HOUR_MS, hours: run };
    run = 0;
  }
  return { emptyHours, longestGap: best };
}
