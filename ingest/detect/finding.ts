import type { AlertCategory, AlertRule, AlertSeverity, Finding, Text } from '../../src/lib/core/alert';
import type { SensorDetector } from '../../src/lib/core/detector';
import { formatFindingTexts, type TextParams } from './texts';

/** A SensorDetector that can say roughly how many bytes of state it holds (for bench:detect). */
export interface SizedSensorDetector extends SensorDetector {
  stateBytes(): number;
}

const EMPTY: Text = { id: '', en: '' };

/**
 * The verdict "nothing to report" (condition not holding). Texts are left empty on purpose:
 * the policy only reads texts of active findings, and this runs for nearly every reading.
 */
export function createQuietFinding(rule: AlertRule, category: AlertCategory, value: number): Finding {
  return { rule, category, active: false, severity: 'info', level: 0, value, title: EMPTY, explanation: EMPTY, action: EMPTY };
}

export interface ActiveFindingInput {
  rule: AlertRule;
  category: AlertCategory;
  kind: string;
  severity: AlertSeverity;
  level: number;
  value: number;
  normal?: number;
  params: TextParams;
}

/** An active finding with its texts filled from the table in texts.ts. */
export function createActiveFinding(f: ActiveFindingInput): Finding {
  const texts = formatFindingTexts(f.rule, f.kind, f.level, f.params);
  const out: Finding = { rule: f.rule, category: f.category, active: true, severity: f.severity, level: f.level, value: f.value, ...texts };
  if (f.normal !== undefined) out.normal = f.normal;
  return out;
}

/** Rough V8 heap cost of plain numbers held in object properties or arrays. */
export const BYTES_PER_NUMBER = 8;
/** Rough V8 overhead of one small object or closure. */
export const BYTES_PER_OBJECT = 64;
