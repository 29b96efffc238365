/**
 * A person's quiet hours from the two `HH:MM` fields of the people forms (new person, person editor), so both
 * forms accept and refuse the same input: both empty means none, one of them empty or malformed is refused.
 */
import type { QuietHours } from '$lib/core/people';
import { parseMinutes } from './rota-view';

export type QuietHoursInput = { ok: true; quietHours: QuietHours | null } | { ok: false };

export function parseQuietHours(startText: string, endText: string): QuietHoursInput {
  if (!startText && !endText) return { ok: true, quietHours: null };
  const [startMin, endMin] = [parseMinutes(startText), parseMinutes(endText)];
  return startMin === null || endMin === null ? { ok: false } : { ok: true, quietHours: { startMin, endMin } };
}
