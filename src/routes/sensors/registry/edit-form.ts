/**
 * The registry editor's form → the `changes` of a PATCH: only what differs from the sensor as
 * loaded, numbers parsed. Pure. Whether the values make a valid sensor is the server's schema's call.
 */
import type { RegisteredSensor } from '$lib/core/registry';

export interface EditForm {
  name: string;
  district: string;
  lat: string;
  lon: string;
  intervalS: string;
  siaga3: string;
  siaga2: string;
  siaga1: string;
  downstream: string;
  status: 'active' | 'maintenance';
}

export function formChanges(sensor: RegisteredSensor, form: EditForm): { changes: Record<string, unknown>; errors: string[] } {
  const errors: string[] = [];
  const num = (key: string, text: string): number => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(n)) errors.push(`${key} must be a number`);
    return n;
  };
  const next: Record<string, unknown> = {
    name: form.name.trim(),
    district: form.district,
    lat: num('lat', form.lat),
    lon: num('lon', form.lon),
    intervalS: num('intervalS', form.intervalS),
    status: form.status
  };
  if (sensor.kind === 'flood') {
    if ([form.siaga3, form.siaga2, form.siaga1].some((v) => v.trim() !== '')) {
      next.flood = { siaga3: num('siaga3', form.siaga3), siaga2: num('siaga2', form.siaga2), siaga1: num('siaga1', form.siaga1) };
    }
    const ids = form.downstream.split(/[,;\s]+/).filter(Boolean);
    next.downstream = ids.length > 0 ? ids : null;
  }
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    const before = (sensor as Record<string, unknown>)[k] ?? null;
    if (JSON.stringify(before) !== JSON.stringify(v)) changes[k] = v;
  }
  return { changes, errors };
}
