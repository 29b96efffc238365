import type { AlertRule, Text } from '../../src/lib/core/alert';
import { isImplausibleRise } from './flood-level';
import { actionFor, formatText, type TextParams } from './texts';

/**
 * A water gauge that drops to exactly 0 in one reading, from a level it could not have left that
 * fast, is sending "no value", not the water: a logger or modem that writes 0 when it has no
 * reading. sensor_stuck ignores a run of 0 (a dry road gauge sits at 0 for days, reached by draining
 * a few cm at a time), so such a dropout was never flagged and the river forecaster learnt the zeros
 * as the river (bench:rivers-faults zero-2h: 0 of 6 flagged, h60 skill over all readings 0.406 → 0.288).
 *
 * "Could not have left": the mirror of the rise flood_level holds (isImplausibleRise: more than
 * 30 cm, and more than 30 cm/min or 6 × the gauge's usual step). A road gauge draining to 0 falls
 * its last few cm; a river gauge's dropout falls its whole level. Either way: a gauge whose datum
 * lies above the river bed reads below 0 (Le Grand Hers, −244 cm), and its "no value" 0 is a jump up.
 *
 * Only water_level: a road detector's speed does fall to 0 at once when traffic stops.
 */
export const DROPOUT_FIELDS: ReadonlySet<string> = new Set(['water_level']);

/** Numbers per watched field (from `at`): last value, its time, usual |step|, level the dropout left (NaN: none open), the value before last. */
export const DROPOUT_NUMBERS = 5;
const [LAST, LAST_TS, USUAL, FROM, BEFORE] = [0, 1, 2, 3, 4];
/** As the spike rule learns its field's usual step (EWMA of |Δ|). */
const STEP_ALPHA = 0.1;

export function initDropout(f: Float64Array, at: number): void {
  f.fill(NaN, at, at + DROPOUT_NUMBERS);
}

/** Whether a step from `from` to `to` of a dropout field, larger than `threshold`, goes into or out of a 0 dropout (not the field's usual step). */
export function isDropoutStep(field: string, from: number, to: number, threshold: number): boolean {
  return DROPOUT_FIELDS.has(field) && (from === 0 || to === 0) && Math.abs(to - from) > threshold;
}

/**
 * Takes value `v` at `ts` into the field's numbers at `at`; whether it is (still) a dropout: a 0 that
 * began with a fall no river makes, or a 0 after one. The fall and the return are not learnt as
 * the usual step. An older reading than the last changes nothing and is judged by the open state.
 */
export function dropoutStep(f: Float64Array, at: number, v: number, ts: number): boolean {
  const open = !Number.isNaN(f[at + FROM]);
  if (ts <= f[at + LAST_TS]) return open && v === 0;
  const [last, lastTs, usual, before] = [f[at + LAST], f[at + LAST_TS], f[at + USUAL], f[at + BEFORE]];
  [f[at + BEFORE], f[at + LAST], f[at + LAST_TS]] = [last, v, ts];
  if (v === 0 && open) return true;
  // the gauge stood away from 0 for the two readings before it: a dry road gauge's one-reading
  // spike up (0, 250, 0) returns to its own 0 (bench:scenarios fault-spike)
  const u = Number.isNaN(usual) ? Infinity : usual;
  const away = (x: number) => isImplausibleRise(0, x, ts - lastTs, u) || isImplausibleRise(x, 0, ts - lastTs, u);
  if (v === 0 && away(last) && away(before)) {
    f[at + FROM] = last;
    return true;
  }
  f[at + FROM] = NaN;
  if (!open && !Number.isNaN(last)) {
    const step = Math.abs(v - last);
    f[at + USUAL] = Number.isNaN(usual) ? step : usual + STEP_ALPHA * (step - usual);
  }
  return false;
}

/** The level (field units) the open dropout left; NaN when none is open. */
export function dropoutFrom(f: Float64Array, at: number): number {
  return f[at + FROM];
}

const DROPOUT_TEXTS: { title: Text; explanation: Text } = {
  title: { id: 'Nilai hilang (0) · {name} {field} = 0', en: 'Dropout to 0 · {name} {field} = 0' },
  explanation: {
    id: '{field} berpindah dari {from} ke tepat 0 dalam satu pembacaan, lebih cepat daripada air bisa berubah; 0 di sini berarti tidak ada nilai, bukan air ({count} pembacaan bernilai 0 sejauh ini). Prakiraan sungai tidak memakai nilai 0 ini. Aturan: nilai macet (putus ke 0).',
    en: '{field} went from {from} to exactly 0 in one reading, faster than water can; a 0 here means no value, not the water ({count} readings at 0 so far). The river forecast does not use these zeros. Rule: stuck value (dropout to 0).'
  }
};

/** Texts of a dropout finding (the stuck rule's, whose actions fit: check the sensor and its logger). */
export function formatDropoutTexts(rule: AlertRule, kind: string, level: number, params: TextParams): { title: Text; explanation: Text; action: Text } {
  return { title: formatText(DROPOUT_TEXTS.title, params), explanation: formatText(DROPOUT_TEXTS.explanation, params), action: actionFor(rule, kind, level) };
}
