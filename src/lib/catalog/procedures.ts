import type { Alert, AlertRule, Text } from '../core/alert';
import { check } from '../schemas/issues';
import { ProceduresFileSchema } from '../schemas/procedures';

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

/** Checks the whole file (src/lib/schemas/procedures.ts); one bad entry refuses it (a half-read checklist would hide steps). */
export function parseProcedures(json: unknown): ParsedProcedures {
  const checked = check(ProceduresFileSchema, json);
  if (!checked.ok) return { ok: false, error: checked.errors.join('; ') };
  return { ok: true, procedures: checked.value.procedures.map((p) => ({ rule: p.rule as AlertRule, minLevel: p.minLevel, steps: p.steps })) };
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
