/** Builds what a sensor sends: Pantau JSON `{ts, values}` or a SenML pack (RFC 8428). */
import { FIELDS, type SensorKind } from '../src/lib/core/sensor';

export type PayloadFormat = 'json' | 'senml';
export const PAYLOAD_FORMATS: readonly PayloadFormat[] = ['json', 'senml'];

export function formatPantauJson(tMs: number, values: Record<string, number>): string {
  return JSON.stringify({ ts: Math.round(tMs), values });
}

/**
 * One record per field; the first carries the base name and base time (seconds), the others only
 * name, unit and value, as RFC 8428 §4.1 allows. Units are the first SenML unit listed for the field.
 */
export function formatSenml(sensorId: string, kind: SensorKind, tMs: number, values: Record<string, number>): string {
  const specs = FIELDS[kind] as Record<string, { senmlUnits: readonly string[] }>;
  const records = Object.entries(values).map(([n, v], i) => {
    const u = specs[n]?.senmlUnits[0];
    const rec: Record<string, unknown> = i === 0 ? { bn: `urn:dev:pantau:${sensorId}:`, bt: tMs / 1000 } : {};
    rec.n = n;
    if (u !== undefined) rec.u = u;
    rec.v = v;
    return rec;
  });
  return JSON.stringify(records);
}

export function formatPayload(format: PayloadFormat, sensorId: string, kind: SensorKind, tMs: number, values: Record<string, number>): Buffer {
  return Buffer.from(format === 'senml' ? formatSenml(sensorId, kind, tMs, values) : formatPantauJson(tMs, values));
}
