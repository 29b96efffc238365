/**
 * sensor_step's numbers of one gauge (a Float64Array slice from its state arena, from offset `b`) and what a restart,
 * a handover or a re-created rule takes back into them from the rule's open alert (resumeStep). The judging is
 * sensor-step.ts'.
 */
import { isOpen, type Alert } from '../../src/lib/core/alert';

// RUN_LAST, RUN, CALM: the runs of one value (sensor-calm.ts); FROZEN: NaN undecided, 1 a frozen jump;
// FROZEN_TS: the frozen jump's time while its value is still read exactly (NaN: not so), after the hold too (frozenSince)
export const [LAST, LAST_TS, USUAL, DRIFT, SEEN, JUMP, JUMP_TS, JUMP_LEVEL, AFTER, JUMP_USUAL, JUMP_DRIFT, SHIFT, SHIFT_TS, BEFORE, MOVED, WATCH, SPACING] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
export const [RUN_LAST, RUN, CALM, FROZEN, FROZEN_TS] = [17, 18, 19, 20, 21];
export const STEP_NUMBERS = 22;

/**
 * A person resolved the alert (the step was real, or seen to): the level counts as it reads. Acknowledged is not that: it
 * says "seen", not "the new datum is right", and the alert tells staff the correction holds until it is resolved (ending
 * it on a click meant to stop reminders would read the gauge low against the old Siaga levels and hide floods). Restored
 * open: its shift again; not a frozen jump's (its finding has a normal), whose hold was over or nearly, and whose value a new state
 * has not seen repeated: while the gauge reads that value on, the flood alerts say so (frozenSince, from its raise).
 * Only a state that does not know it: one acknowledged or commented on here keeps the jump's time, and one whose
 * gauge has read another value since it began (999, 998.7, 999) says no run (CALM 0: no run of it has ended yet).
 */
export function resumeStep(st: Float64Array, b: number, alert: Alert): void {
  if (alert.rule !== 'sensor_step') return;
  if (isOpen(alert)) {
    const last = st[b + RUN_LAST];
    const unbroken = Number.isNaN(last) || (last === alert.value && st[b + CALM] === 0);
    if (alert.normal !== undefined && Number.isNaN(st[b + FROZEN_TS]) && unbroken) [st[b + RUN_LAST], st[b + FROZEN_TS]] = [alert.value, alert.raisedAt];
    if (alert.normal !== undefined) return;
    // Only into a state that has taken no step itself (SHIFT_TS NaN: a restart, a handover, a re-created rule, a restore
    // that came after the first readings). One that took it and has since undone it (the logger fixed: a step back) keeps
    // its word: the alert stays open for its quiet period, and a person's acknowledgement or comment on it then put the
    // step back, and a gauge reading right was read 120 cm high (sensor-step.test.ts).
    if (st[b + SHIFT] === 0 && Number.isNaN(st[b + SHIFT_TS])) [st[b + SHIFT], st[b + SHIFT_TS]] = [alert.value, alert.raisedAt];
    return;
  }
  [st[b + SHIFT], st[b + SHIFT_TS], st[b + JUMP], st[b + WATCH], st[b + FROZEN_TS]] = [0, NaN, NaN, NaN, NaN];
}
