import type { Alert, AlertSeverity } from '../core/alert';
import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { nextThreshold, SIAGA_LEVELS, type SiagaLevel } from '../core/flood-levels';
import type { AirReadingState } from '../core/reading-state';
import { isStale } from '../format/severity';

export interface FloodHeadline {
  sensor: Sensor;
  waterLevelCm: number;
  level: SiagaLevel | null;
  /** cm left to the next worse level, or null at Siaga 1 / without thresholds. */
  toNext: { siaga: number; cm: number } | null;
  severity: number;
}

export interface AirHeadline {
  sensor: Sensor;
  /** The sensor's state as the map shows it (hourly ISPU, its category and pollutant). */
  state: AirReadingState & { ispu: number };
  severity: number;
}

export interface TrafficHeadline {
  heavy: number;
  jammed: number;
  total: number;
}

export interface Headline {
  flood: FloodHeadline | null;
  air: AirHeadline | null;
  traffic: TrafficHeadline;
  alerts: Record<AlertSeverity, number>;
}

/**
 * What the wall's tiles show, from fresh readings only (a stale gauge must never look like the
 * worst or the safest one) and from open alerts.
 */
export function computeHeadline(
  sensors: readonly Sensor[],
  readings: ReadonlyMap<string, LiveReading>,
  alerts: Iterable<Alert>,
  now: number
): Headline {
  let flood: FloodHeadline | null = null;
  let air: AirHeadline | null = null;
  const traffic: TrafficHeadline = { heavy: 0, jammed: 0, total: 0 };
  for (const sensor of sensors) {
    if (sensor.kind === 'traffic') traffic.total++;
    const r = readings.get(sensor.id);
    if (!r || isStale(r.ts, sensor.intervalS, now)) continue;
    if (sensor.kind === 'flood') flood = worseFlood(flood, floodOf(sensor, r));
    else if (sensor.kind === 'air') air = worseAir(air, airOf(sensor, r));
    else if (r.severity >= 3) traffic.jammed++;
    else if (r.severity === 2) traffic.heavy++;
  }
  const counts: Record<AlertSeverity, number> = { info: 0, warning: 0, critical: 0 };
  for (const a of alerts) if (a.state !== 'resolved') counts[a.severity]++;
  return { flood, air, traffic, alerts: counts };
}

/** From the reading's state, the one its dot and label show. */
function floodOf(sensor: Sensor, r: LiveReading): FloodHeadline | null {
  const s = r.state;
  if (s.kind !== 'flood' || s.waterLevelCm === null) return null;
  const cm = s.waterLevelCm;
  const level = SIAGA_LEVELS.find((l) => l.siaga === s.siaga) ?? null;
  const next = level && s.thresholds ? nextThreshold(level, s.thresholds) : null;
  return { sensor, waterLevelCm: cm, level, toNext: next ? { siaga: next.siaga, cm: next.cm - cm } : null, severity: r.severity };
}

/** Worse = higher level; within a level, the gauge closest to its next threshold. */
function worseFlood(a: FloodHeadline | null, b: FloodHeadline | null): FloodHeadline | null {
  if (!a || !b) return a ?? b;
  if (a.severity !== b.severity) return a.severity > b.severity ? a : b;
  const da = a.toNext?.cm ?? -Infinity;
  const db = b.toNext?.cm ?? -Infinity;
  return db < da ? b : a;
}

function airOf(sensor: Sensor, r: LiveReading): AirHeadline | null {
  const s = r.state;
  if (s.kind !== 'air' || s.ispu === null) return null;
  return { sensor, state: { ...s, ispu: s.ispu }, severity: r.severity };
}

function worseAir(a: AirHeadline | null, b: AirHeadline | null): AirHeadline | null {
  if (!a || !b) return a ?? b;
  return b.state.ispu > a.state.ispu ? b : a;
}
