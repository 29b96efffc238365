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

const QUIET = new Map<AlertRule, Finding>();

/**
 * The shared, frozen quiet finding of a rule (value 0): what nearly every reading returns, so it
 * must not allocate. Use createQuietFinding only where the quiet value means something (air_quality's
 * hourly ISPU).
 */
export function quietFinding(rule: AlertRule, category: AlertCategory): Finding {
  let f = QUIET.get(rule);
  if (!f) QUIET.set(rule, (f = Object.freeze(createQuietFinding(rule, category, 0))));
  return f;
}

export interface ActiveFindingInput {
  rule: AlertRule;
  category: AlertCategory;
  kind: string;
  severity: AlertSeverity;
  level: number;
  value: number;
  /** See Alert.valueField. */
  valueField?: string;
  normal?: number;
  /** When the condition is expected (a forecast crossing, the time its title names): see Finding.expectedAt. */
  expectedAt?: number;
  /** See Finding.keepsOnly. */
  keepsOnly?: boolean;
  /** See Finding.suspectReadings. */
  suspectReadings?: boolean;
  /** The text placeholders, or a function making them: formatting numbers costs, and texts are read rarely. */
  params: TextParams | (() => TextParams);
  /** How the texts are made from the params; the rule's row in texts.ts by default. */
  format?: (rule: AlertRule, kind: string, level: number, params: TextParams) => { title: Text; explanation: Text; action: Text };
  /** How the texts for a time passed are made (Finding.late); none by default. */
  formatLate?: (params: TextParams) => { title: Text; explanation: Text };
}

/**
 * An active finding with its texts filled from the table in texts.ts. The texts are formatted on
 * first read: a condition that holds for hours is observed on every reading, but the policy reads
 * its texts only when it raises or updates an alert.
 */
export function createActiveFinding(f: ActiveFindingInput): Finding {
  return new ActiveFinding(f);
}

/**
 * A class, not an object literal with getters: the getters live once on the prototype. Read the
 * texts by name (`f.title`); a spread `{ ...f }` or JSON.stringify(f) leaves them out.
 */
class ActiveFinding implements Finding {
  readonly rule: AlertRule;
  readonly category: AlertCategory;
  readonly active = true;
  readonly severity: AlertSeverity;
  readonly level: number;
  readonly value: number;
  readonly valueField?: string;
  readonly normal?: number;
  readonly expectedAt?: number;
  readonly keepsOnly?: boolean;
  readonly suspectReadings?: boolean;
  #input: ActiveFindingInput;
  #texts: { title: Text; explanation: Text; action: Text } | undefined;

  constructor(f: ActiveFindingInput) {
    this.rule = f.rule;
    this.category = f.category;
    this.severity = f.severity;
    this.level = f.level;
    this.value = f.value;
    if (f.valueField !== undefined) this.valueField = f.valueField;
    if (f.normal !== undefined) this.normal = f.normal;
    if (f.expectedAt !== undefined) this.expectedAt = f.expectedAt;
    if (f.keepsOnly) this.keepsOnly = true;
    if (f.suspectReadings) this.suspectReadings = true;
    this.#input = f;
  }

  #params: TextParams | undefined;

  #paramsOnce(): TextParams {
    const p = this.#input.params;
    return (this.#params ??= typeof p === 'function' ? p() : p);
  }
  #get() {
    const f = this.#input;
    return (this.#texts ??= (f.format ?? formatFindingTexts)(f.rule, f.kind, f.level, this.#paramsOnce()));
  }
  get late(): { title: Text; explanation: Text } | undefined {
    return this.#input.formatLate?.(this.#paramsOnce());
  }
  get title(): Text {
    return this.#get().title;
  }
  get explanation(): Text {
    return this.#get().explanation;
  }
  get action(): Text {
    return this.#get().action;
  }
}

/** Rough V8 overhead of one small object or closure. */
export const BYTES_PER_OBJECT = 64;
