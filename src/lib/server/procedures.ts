import procedureFile from '../catalog/procedures.json';
import type { Alert } from '../core/alert';
import { PantauError } from '../core/errors';
import { parseProcedures, stepsFor, type Procedure } from '../catalog/procedures';

/** The response checklists, checked once when the server module loads (a broken file stops the start). */
let book: Procedure[] | undefined;

export function getProcedures(): Procedure[] {
  if (!book) {
    const parsed = parseProcedures(procedureFile);
    if (!parsed.ok) throw new PantauError('BAD_PROCEDURES', `src/lib/catalog/procedures.json: ${parsed.error}`);
    book = parsed.procedures;
  }
  return book;
}

export function isKnownStep(alert: Pick<Alert, 'rule' | 'level'>, stepId: unknown): boolean {
  return typeof stepId === 'string' && stepsFor(getProcedures(), alert).some((s) => s.id === stepId);
}
