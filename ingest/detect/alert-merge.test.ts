import { describe, expect, it } from 'vitest';
import type { Alert, AlertStep } from '../../src/lib/core/alert';
import { MAX_ALERT_STEPS } from '../../src/lib/core/alert-lifecycle';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { mergeHumanFields } from './alert-merge';

const step = (id: string, at: number, done = true): AlertStep => ({ id, done, by: 'ops', at });
const withSteps = (a: Alert, steps?: AlertStep[]): Alert => ({ ...a, ...(steps ? { steps } : {}) });

describe('mergeHumanFields: procedure steps', () => {
  it('keeps the steps the operator ticked on the web copy when the detector copy has none (they vanished at its next event)', () => {
    const ours = testAlert('a1', 100);
    const theirs = withSteps(testAlert('a1', 90), [step('evacuate', 95)]);
    expect(mergeHumanFields(ours, theirs).steps).toEqual([step('evacuate', 95)]);
  });

  it('takes each step’s newest tick from either copy', () => {
    const ours = withSteps(testAlert('a1', 100), [step('evacuate', 50), step('sandbags', 60)]);
    const theirs = withSteps(testAlert('a1', 90), [step('evacuate', 80, false), step('close-road', 70)]);
    expect(mergeHumanFields(ours, theirs).steps).toEqual([step('sandbags', 60), step('close-road', 70), step('evacuate', 80, false)]);
    // an older web copy does not undo a newer tick held already
    expect(mergeHumanFields(withSteps(ours, [step('evacuate', 85)]), theirs).steps).toEqual([step('close-road', 70), step('evacuate', 85)]);
  });

  it('stays bounded: at most MAX_ALERT_STEPS, the newest kept', () => {
    const many = (from: number) => Array.from({ length: MAX_ALERT_STEPS }, (_, i) => step(`s${from + i}`, from + i));
    const merged = mergeHumanFields(withSteps(testAlert('a1', 1000), many(0)), withSteps(testAlert('a1', 900), many(MAX_ALERT_STEPS))).steps ?? [];
    expect(merged).toHaveLength(MAX_ALERT_STEPS);
    expect(merged[0].id).toBe(`s${MAX_ALERT_STEPS}`);
  });

  it('leaves an alert without steps without the field', () => {
    expect('steps' in mergeHumanFields(testAlert('a1', 100), testAlert('a1', 90))).toBe(false);
  });
});
