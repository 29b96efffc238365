import type { Alert, AlertRule, Text } from '../core/alert';
import { STEP_ID_PATTERN } from '../core/alert-lifecycle';

/**
 * Response checklists per alert rule (data: procedures.json). A procedure applies when the alert's
 * level is at least its `minLevel`, so a worse level adds steps to the ones already shown.
 */
export interface ProcedureStep {
  id: string;
  text: Text;
}

export interface Procedure {
  rule: AlertRule;
  minLevel: number;
  steps: ProcedureStep[];
}

export type ProcedureBook = readonly Procedure[];

export type ParsedProcedures = { ok: true; procedures: Procedure[] } | { ok: false; error: string };

const MAX_STEPS_PER_PROCEDURE = 20;

function isText(x: unknown): x is Text {
  const t = x as Text;
  return !!t && typeof t.id === 'string' && t.id.trim() !== '' && typeof t.en === 'string' && t.en.trim() !== '';
}

/** Checks the whole file; one bad entry refuses it (a half-read checklist would hide steps). */
export function parseProcedures(json: unknown): ParsedProcedures {
  const list = (json as { procedures?: unknown })?.procedures;
  if (!Array.isArray(list)) return { ok: false, error: 'procedures must be an array' };
  const out: Procedure[] = [];
  for (const [i, p] of list.entries()) {
    const where = `procedures[${i}]`;
    if (typeof p?.rule !== 'string') return { ok: false, error: `${where}.rule must be a string` };
    if (!Number.isInteger(p.minLevel) || p.minLevel < 0) return { ok: false, error: `${where}.minLevel must be an integer ≥ 0` };
    if (!Array.isArray(p.steps) || p.steps.length === 0 || p.steps.length > MAX_STEPS_PER_PROCEDURE) {
      return { ok: false, error: `${where}.steps must have 1–${MAX_STEPS_PER_PROCEDURE} steps` };
    }
    for (const [j, s] of p.steps.entries()) {
      if (typeof s?.id !== 'string' || !STEP_ID_PATTERN.test(s.id)) return { ok: false, error: `${where}.steps[${j}].id is not a valid step id` };
      if (!isText(s.text)) return { ok: false, error: `${where}.steps[${j}].text needs id and en` };
    }
    out.push({ rule: p.rule as AlertRule, minLevel: p.minLevel, steps: p.steps.map((s: ProcedureStep) => ({ id: s.id, text: { id: s.text.id, en: s.text.en } })) });
  }
  return { ok: true, procedures: out };
}

/** The steps for an alert, in file order, each id once. */
export function stepsFor(book: ProcedureBook, alert: Pick<Alert, 'rule' | 'level'>): ProcedureStep[] {
  const seen = new Set<string>();
  const steps: ProcedureStep[] = [];
  for (const p of book) {
    if (p.rule !== alert.rule || alert.level < p.minLevel) continue;
    for (const s of p.steps) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      steps.push(s);
    }
  }
  return steps;
}
