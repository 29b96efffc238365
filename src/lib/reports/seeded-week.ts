import type { Alert, AlertEvent, AlertEventType, AlertRule, AlertSeverity } from '../core/alert';
import type { Forecast } from '../core/forecast';
import { hashGaussian } from '../core/random';
import type { Catalog, Sensor } from '../core/sensor';
import { parseProcedures, stepsFor } from '../catalog/procedures';
import catalogJson from '../catalog/samarinda.json';
import proceduresJson from '../catalog/procedures.json';
import { DAY_MS, HOUR_MS, WEEK_MS } from './period';
import { SLOT_MS } from './facts/patterns';
import type { EscalationDelivery, HourlyAggregate, ReportInput, ReportPeriod, TrafficSlot } from './types';

/**
 * A fixed, seeded fortnight for tests: six Samarinda sensors (one reading every 10 minutes), the
 * alert episodes listed in EPISODES and the gaps in GAPS, ending with the report week of Monday
 * 23 November 2026. Everything a test expects follows from these two tables by hand; the seeded
 * noise (src/lib/core/random.ts) only moves values inside their level, never across a line.
 */
export const SEED = 20261123;
export const INTERVAL_S = 600;
/** Monday 23 November 2026, 00:00 WITA. */
export const WEEK_START = Date.UTC(2026, 10, 22, 16);
export const DATA_START = WEEK_START - WEEK_MS;
export const DATA_END = WEEK_START + WEEK_MS;
export const GENERATED_AT = DATA_END + HOUR_MS;
export const WEEK: ReportPeriod = { kind: 'week', start: WEEK_START, end: DATA_END, key: '2026-11-23' };

export const SENSOR_IDS = ['traffic-lembuswana-n', 'traffic-sempaja-s', 'flood-gunung-lingai', 'flood-kp3', 'air-samarinda-ulu-1', 'air-sungai-pinang-1'] as const;
export type SeededSensorId = (typeof SENSOR_IDS)[number];

export interface EpisodeSpec {
  sensor: SeededSensorId;
  rule: AlertRule;
  category?: 'emergency' | 'maintenance';
  level: number;
  /** Day index from DATA_START (0 = Monday 16 Nov; 7 = Monday 23 Nov) and minutes after 00:00 WITA. */
  day: number;
  startMin: number;
  durationMin: number;
  /** Minutes after raised; absent: never acknowledged. */
  ackMin?: number;
  /** The first `ticks` steps of the procedure (at the worst level) ticked done. */
  ticks: number;
  /** A later, worse level: [minutes after raised, level]. */
  upgrade?: [number, number];
  escalateMin?: number;
}

const weekdaysMacet = (sensor: SeededSensorId, days: number[], startMin: number, durationMin: number, ticks: (d: number) => number, ack: (d: number) => number): EpisodeSpec[] =>
  days.map((day) => ({ sensor, rule: 'congestion', level: 3, day, startMin, durationMin, ackMin: ack(day), ticks: ticks(day) }));

export const EPISODES: readonly EpisodeSpec[] = Object.freeze([
  // Lembuswana north: Macet 16:30–17:30 on 8 of the 10 weekdays (not Wed 18 Nov, not Tue 24 Nov).
  ...weekdaysMacet('traffic-lembuswana-n', [0, 1, 3, 4, 7, 9, 10, 11], 990, 60, (d) => (d === 11 || d < 7 ? 3 : 1), (d) => (d === 10 ? 12 : 4)),
  // Sempaja south: Macet 07:00–07:30 on 5 of the 10 weekdays.
  ...weekdaysMacet('traffic-sempaja-s', [0, 2, 4, 8, 10], 420, 30, (d) => (d === 10 ? 0 : 3), () => 3),
  { sensor: 'traffic-sempaja-s', rule: 'congestion', level: 2, day: 12, startMin: 600, durationMin: 60, ackMin: 20, ticks: 3 },
  { sensor: 'flood-gunung-lingai', rule: 'flood_level', level: 1, day: 3, startMin: 600, durationMin: 60, ackMin: 5, ticks: 3 },
  { sensor: 'flood-gunung-lingai', rule: 'flood_level', level: 1, day: 8, startMin: 120, durationMin: 240, ackMin: 10, ticks: 3 },
  { sensor: 'flood-gunung-lingai', rule: 'flood_level', level: 1, day: 10, startMin: 180, durationMin: 120, ackMin: 20, ticks: 1 },
  { sensor: 'flood-gunung-lingai', rule: 'flood_level', level: 1, day: 12, startMin: 60, durationMin: 420, ackMin: 3, ticks: 4, upgrade: [60, 2], escalateMin: 90 },
  { sensor: 'flood-kp3', rule: 'flood_level', level: 1, day: 9, startMin: 240, durationMin: 60, ticks: 0 },
  ...[9, 10, 11].map((day): EpisodeSpec => ({ sensor: 'air-samarinda-ulu-1', rule: 'air_quality', level: 1, day, startMin: 600, durationMin: 360, ackMin: 30, ticks: 2 })),
  { sensor: 'air-sungai-pinang-1', rule: 'air_quality', level: 1, day: 9, startMin: 660, durationMin: 120, ackMin: 5, ticks: 2 },
  { sensor: 'traffic-sempaja-s', rule: 'sensor_silent', category: 'maintenance', level: 0, day: 10, startMin: 0, durationMin: 36 * 60, ticks: 0 }
]);

/** Stretches without readings: [sensor, day, startMin, durationMin]. */
export const GAPS: readonly [SeededSensorId, number, number, number][] = Object.freeze([
  ['traffic-sempaja-s', 10, 0, 36 * 60],
  ['air-sungai-pinang-1', 8, 0, 6 * 60]
]);

/**
 * The notifier's escalations: Gunung Lingai of 28 Nov went to the backup (WhatsApp, then email: one
 * escalation, two deliveries) and to the team lead; KP3 of 25 Nov, never acknowledged, to the backup.
 */
export interface EscalationSpec extends Omit<EscalationDelivery, 'alertId' | 'at'> {
  /** The flood episode escalated (its sensor, day and start as in EPISODES) and minutes after its raise. */
  sensor: SeededSensorId;
  day: number;
  startMin: number;
  afterMin: number;
  channel: 'whatsapp' | 'email';
}

export const ESCALATIONS: readonly EscalationSpec[] = Object.freeze([
  { sensor: 'flood-gunung-lingai', day: 12, startMin: 60, afterMin: 90, personId: 'budi', personName: 'Budi', reason: 'backup', channel: 'whatsapp' },
  { sensor: 'flood-gunung-lingai', day: 12, startMin: 60, afterMin: 91, personId: 'budi', personName: 'Budi', reason: 'backup', channel: 'email' },
  { sensor: 'flood-gunung-lingai', day: 12, startMin: 60, afterMin: 120, personId: 'rina', personName: 'Rina', reason: 'lead', channel: 'email' },
  { sensor: 'flood-kp3', day: 9, startMin: 240, afterMin: 15, personId: 'budi', personName: 'Budi', reason: 'backup', channel: 'whatsapp' }
]);

export const escalationDelivery = ({ sensor, day, startMin, afterMin, channel: _c, ...rest }: EscalationSpec): EscalationDelivery => {
  const raisedAt = dayStart(day) + startMin * 60_000;
  return { ...rest, alertId: `${sensor}:flood_level:${raisedAt}`, at: raisedAt + afterMin * 60_000 };
};

export const MAINTENANCE = Object.freeze([{ sensorId: 'air-sungai-pinang-1', reason: 'Kalibrasi ulang sensor PM2.5' }]);

export function seededCatalog(): Catalog {
  const all = catalogJson as unknown as Catalog;
  const ours = new Set<string>(SENSOR_IDS);
  const sensors: Sensor[] = SENSOR_IDS.map((id) => {
    const { downstream, ...s } = all.sensors.find((x) => x.id === id)!;
    // Links to gauges outside the six would make the catalog invalid; keep those inside.
    const kept = downstream?.filter((d) => ours.has(d)) ?? [];
    return { ...s, intervalS: INTERVAL_S, ...(kept.length ? { downstream: kept } : {}) };
  });
  const districts = all.districts.filter((d) => sensors.some((s) => s.district === d.name));
  return { city: all.city, districts, sensors };
}

export const dayStart = (day: number) => DATA_START + day * DAY_MS;
export const episodeStart = (e: EpisodeSpec) => dayStart(e.day) + e.startMin * 60_000;

function severityOf(rule: AlertRule, level: number): AlertSeverity {
  if (rule === 'flood_level') return level >= 2 ? 'critical' : 'warning';
  if (rule === 'congestion') return level >= 3 ? 'critical' : 'warning';
  return 'warning';
}

function firstAlert(e: EpisodeSpec, sensor: Sensor): Alert {
  const raisedAt = episodeStart(e);
  const title = { id: `${sensor.name} (${e.rule})`, en: `${sensor.name} (${e.rule})` };
  return {
    id: `${sensor.id}:${e.rule}:${raisedAt}`, sensorId: sensor.id, sensorName: sensor.name, kind: sensor.kind, district: sensor.district, rule: e.rule,
    category: e.category ?? 'emergency', severity: severityOf(e.rule, e.level), level: e.level, title, explanation: title, action: title, value: 0,
    state: 'raised', raisedAt, updatedAt: raisedAt, comments: []
  };
}

/** The events of one episode, oldest first, each carrying the alert after it. */
export function episodeEvents(e: EpisodeSpec, sensor: Sensor): AlertEvent[] {
  const start = episodeStart(e);
  const worst = e.upgrade ? e.upgrade[1] : e.level;
  const steps = stepsFor(procedures(), { rule: e.rule, level: worst }).slice(0, e.ticks);
  const changes: [number, AlertEventType, string, (a: Alert, at: number) => void][] = [];
  if (e.upgrade) changes.push([start + e.upgrade[0] * 60_000, 'updated', 'ingest', (a) => ((a.level = e.upgrade![1]), (a.severity = severityOf(e.rule, a.level)))]);
  if (e.escalateMin !== undefined) changes.push([start + e.escalateMin * 60_000, 'escalated', 'ingest', (a) => (a.escalated = true)]);
  if (e.ackMin !== undefined) {
    const ackAt = start + e.ackMin * 60_000;
    changes.push([ackAt, 'acknowledged', 'sari', (a, at) => ((a.state = 'acknowledged'), (a.acknowledgedAt = at), (a.acknowledgedBy = 'sari'))]);
    steps.forEach((s, i) => changes.push([ackAt + (i + 1) * 30_000, 'stepped', 'sari', (a, at) => (a.steps = [...(a.steps ?? []), { id: s.id, done: true, by: 'sari', at }])]));
  }
  changes.push([start + e.durationMin * 60_000, 'resolved', 'ingest', (a, at) => ((a.state = 'resolved'), (a.resolvedAt = at), (a.resolvedBy = 'ingest'))]);
  changes.sort((x, y) => x[0] - y[0]);
  let alert = firstAlert(e, sensor);
  const events: AlertEvent[] = [{ type: 'raised', at: start, by: 'ingest', alert }];
  for (const [at, type, by, apply] of changes) {
    alert = structuredClone(alert);
    apply(alert, at);
    alert.updatedAt = at;
    events.push({ type, at, by, alert });
  }
  return events;
}

export function procedures() {
  const parsed = parseProcedures(proceduresJson);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.procedures;
}

/** One stored reading of the seeded fortnight. */
export interface SeededReading {
  sensor: Sensor;
  ts: number;
  values: Record<string, number>;
}

function inGap(id: string, ts: number): boolean {
  return GAPS.some(([s, day, startMin, dur]) => s === id && ts >= dayStart(day) + startMin * 60_000 && ts < dayStart(day) + (startMin + dur) * 60_000);
}

/** The level an episode holds the sensor at, at ts (0 when none). */
function levelAt(id: string, ts: number): number {
  let level = 0;
  for (const e of EPISODES) {
    if (e.sensor !== id || e.category === 'maintenance') continue;
    const s = episodeStart(e);
    if (ts < s || ts >= s + e.durationMin * 60_000) continue;
    level = Math.max(level, e.upgrade && ts >= s + e.upgrade[0] * 60_000 ? e.upgrade[1] : e.level);
  }
  return level;
}

function valuesAt(sensor: Sensor, ts: number, step: number): Record<string, number> {
  const noise = (k: string) => hashGaussian(SEED, `${sensor.id}:${k}`, step);
  const level = levelAt(sensor.id, ts);
  const round = (x: number) => Math.round(x * 10) / 10;
  if (sensor.kind === 'flood') {
    const t = sensor.flood!;
    const base = level === 0 ? t.siaga3 - 50 : level === 1 ? t.siaga3 + 5 : t.siaga2 + 5;
    return { water_level: round(base + Math.max(-3, Math.min(3, noise('wl')))), rainfall: round(Math.abs(noise('rain'))) };
  }
  if (sensor.kind === 'air') {
    const pm25 = level > 0 ? 90 : 10;
    return { pm25: round(pm25 + Math.max(-2, Math.min(2, noise('pm25')))), pm10: round(20 + Math.abs(noise('pm10'))) };
  }
  const p = sensor.traffic!;
  const ratio = level >= 3 ? 0.15 : level === 2 ? 0.45 : 0.8;
  return { speed: round(p.freeFlowKmh * ratio + Math.max(-1, Math.min(1, noise('speed')))), flow: Math.round(p.capacityVehH * 0.5), occupancy: level >= 3 ? 40 : 10 };
}

export function seededReadings(catalog = seededCatalog()): SeededReading[] {
  const out: SeededReading[] = [];
  const steps = (DATA_END - DATA_START) / (INTERVAL_S * 1000);
  for (const sensor of catalog.sensors) {
    for (let i = 0; i < steps; i++) {
      const ts = DATA_START + i * INTERVAL_S * 1000;
      if (!inGap(sensor.id, ts)) out.push({ sensor, ts, values: valuesAt(sensor, ts, i) });
    }
  }
  return out;
}

/** What the 1-hour rollup holds for these readings: count, mean and max per field per sensor and hour. */
export function aggregateHourly(readings: readonly SeededReading[]): HourlyAggregate[] {
  const acc = new Map<string, { a: HourlyAggregate; sums: Record<string, [number, number]> }>();
  for (const r of readings) {
    const hour = Math.floor(r.ts / HOUR_MS) * HOUR_MS;
    const key = `${r.sensor.id}@${hour}`;
    let x = acc.get(key);
    if (!x) acc.set(key, (x = { a: { sensorId: r.sensor.id, hour, count: 0, mean: {}, max: {} }, sums: {} }));
    x.a.count++;
    for (const [f, v] of Object.entries(r.values)) {
      const s = (x.sums[f] ??= [0, 0]);
      s[0] += v;
      s[1]++;
      x.a.max[f] = Math.max(x.a.max[f] ?? -Infinity, v);
    }
  }
  return [...acc.values()].map(({ a, sums }) => {
    for (const [f, [sum, n]] of Object.entries(sums)) a.mean[f] = sum / n;
    return a;
  });
}

/** What the report reads of the 1-minute rollup: per traffic sensor and half-hour, the mean of each field. */
export function aggregateSlots(readings: readonly SeededReading[]): TrafficSlot[] {
  const acc = new Map<string, { slot: TrafficSlot; sums: Record<string, [number, number]> }>();
  for (const r of readings) {
    if (r.sensor.kind !== 'traffic') continue;
    const start = Math.floor(r.ts / SLOT_MS) * SLOT_MS;
    const key = `${r.sensor.id}@${start}`;
    let x = acc.get(key);
    if (!x) acc.set(key, (x = { slot: { sensorId: r.sensor.id, start, mean: {} }, sums: {} }));
    for (const [f, v] of Object.entries(r.values)) {
      const s = (x.sums[f] ??= [0, 0]);
      s[0] += v;
      s[1]++;
    }
  }
  return [...acc.values()].map(({ slot, sums }) => {
    for (const [f, [sum, n]] of Object.entries(sums)) slot.mean[f] = sum / n;
    return slot;
  });
}

/** The escalation deliveries of ESCALATIONS, oldest first, dated in [from, to). */
export function seededEscalations(from = DATA_START, to = DATA_END): EscalationDelivery[] {
  return ESCALATIONS.map(escalationDelivery).filter((e) => e.at >= from && e.at < to).sort((a, b) => a.at - b.at);
}

export function seededEvents(catalog = seededCatalog()): AlertEvent[] {
  const byId = new Map(catalog.sensors.map((s) => [s.id, s]));
  return EPISODES.flatMap((e) => episodeEvents(e, byId.get(e.sensor)!)).sort((a, b) => a.at - b.at);
}

/** A gauge forecast to reach Siaga 3 40 minutes after the report is made, and an open critical alert. */
export function seededOutlook(catalog = seededCatalog()): { forecasts: Forecast[]; openAlerts: Alert[] } {
  const gauge = catalog.sensors.find((s) => s.id === 'flood-gunung-lingai')!;
  const at = GENERATED_AT + 40 * 60_000;
  const forecast: Forecast = {
    sensorId: gauge.id, ts: GENERATED_AT, levelCm: 190, points: [], crossing: { level: 3, at, earliest: at - 600_000, latest: null }, reasons: [], confidence: 0.8
  };
  const kp3 = catalog.sensors.find((s) => s.id === 'flood-kp3')!;
  const open = episodeEvents({ sensor: 'flood-kp3', rule: 'flood_level', level: 2, day: 14, startMin: 10, durationMin: 999, ticks: 0 }, kp3)[0].alert;
  return { forecasts: [forecast], openAlerts: [open] };
}

export function seededWeekInput(period: ReportPeriod = WEEK): ReportInput {
  const catalog = seededCatalog();
  const readings = seededReadings(catalog);
  return {
    period, generatedAt: GENERATED_AT, catalog, events: seededEvents(catalog), hourly: aggregateHourly(readings), trafficSlots: aggregateSlots(readings),
    escalations: seededEscalations(period.start, period.end), maintenance: [...MAINTENANCE], ...seededOutlook(catalog), procedures: procedures()
  };
}
