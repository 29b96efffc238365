/**
 * The response-procedure file (src/lib/catalog/procedures.json): checklists per alert rule. Read by
 * the browser as well, so it imports only core and valibot.
 */
import * as v from 'valibot';
import { STEP_ID_PATTERN } from '../core/alert-lifecycle';
import { jsonObject, listOf } from './common';

export const MAX_STEPS_PER_PROCEDURE = 20;
const MAX_PROCEDURES = 200;

const nonBlank = v.pipe(v.string('must be a non-empty string'), v.check((s) => s.trim() !== '', 'must be a non-empty string'));

/** A step's words in both UI languages: a checklist half in one language is no checklist. */
const TextSchema = v.object({ id: nonBlank, en: nonBlank }, (issue) => (issue.path?.length ? 'is required' : 'must be {id, en}'));

export const ProcedureStepSchema = v.object(
  { id: v.pipe(v.string('must be a step id'), v.regex(STEP_ID_PATTERN, `must match ${STEP_ID_PATTERN}`)), text: TextSchema },
  (issue) => (issue.path?.length ? 'is required' : 'must be an object')
);

export const ProcedureSchema = jsonObject(
  {
    rule: v.string('must be an alert rule'),
    minLevel: v.pipe(v.number('must be an integer ≥ 0'), v.integer('must be an integer ≥ 0'), v.minValue(0, 'must be an integer ≥ 0')),
    steps: listOf(ProcedureStepSchema, `must have 1–${MAX_STEPS_PER_PROCEDURE} steps`, { min: 1, max: MAX_STEPS_PER_PROCEDURE })
  },
  'must be an object'
);

export const ProceduresFileSchema = jsonObject({ procedures: listOf(ProcedureSchema, 'must be an array', { max: MAX_PROCEDURES }) }, 'must be an object');
