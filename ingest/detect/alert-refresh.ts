import type { Finding, Text } from '../../src/lib/core/alert';

/**
 * When an open alert is told again with no change of level or severity: the time its texts state
 * (a forecast warning's crossing, Finding.expectedAt) has passed, or its finding's expected time
 * moved enough to matter. Without it a forecast warning kept the title of its raise, and staff
 * read "expected at Siaga 2 ≈ 10:27" at 10:36 with the gauge still below and its forecast at 10:44.
 * The telling is an `updated` event: it pages nobody (the notifier messages on raised, escalated
 * and resolved only) and is no worsening (an acknowledgement stands), so it only keeps the text honest.
 */

/** A move of the expected time worth telling: at least this much... */
export const REFRESH_MIN_MOVE_MS = 5 * 60_000;
/** ...and at least this share of the lead the alert states (a 2-hour lead moves by 18 min before it is news). */
export const REFRESH_LEAD_SHARE = 0.15;
/** A time told that has passed is told again after this long at the soonest (and a reporting interval)... */
export const REFRESH_PASSED_GAP_MS = 5 * 60_000;
/**
 * ...a time that moved, after this long: on real rivers the forecast of a slow rise slips 10–25 min
 * at every 10-min reading for hours (bench:rivers), and a new title each reading is churn, not news.
 */
export const REFRESH_MOVED_GAP_MS = 30 * 60_000;

/** What an open alert last told of its expected time, and when. */
export interface Told {
  /** The expected time its texts state (undefined: none, or not known: an alert adopted at start). */
  expectedAt: number | undefined;
  at: number;
}

/**
 * Whether an open alert told `told` should be told again at `at` with a finding expecting `next`
 * (undefined: the finding states no time, e.g. a warning held while its forecast wavers). Gaps end
 * halfway between two readings (as the policy's quiet periods), so readings a few seconds early
 * still count, and never more than once per reporting interval.
 */
export function refreshDue(told: Told, next: number | undefined, at: number, intervalMs: number): boolean {
  if (told.expectedAt === next) return false;
  const since = at - told.at + intervalMs / 2;
  // never told here (an alert adopted at start): its texts may be from long ago
  if (told.expectedAt === undefined) return since >= Math.max(REFRESH_PASSED_GAP_MS, intervalMs);
  if (told.expectedAt <= at) return since >= Math.max(REFRESH_PASSED_GAP_MS, intervalMs);
  // a forecast that wavers below the line for a reading does not take back a time still ahead
  if (next === undefined) return false;
  if (since < Math.max(REFRESH_MOVED_GAP_MS, intervalMs)) return false;
  return Math.abs(next - told.expectedAt) >= Math.max(REFRESH_MIN_MOVE_MS, REFRESH_LEAD_SHARE * (told.expectedAt - at));
}

/**
 * The title and explanation an escalation page at `now` carries, when the time its alert last told
 * has passed: the escalation tick (raise + 30 min) runs between readings, and copying the texts as
 * told paged the backup with "expected at Level 2 ≈ 09:35" at 09:40. The last finding's texts
 * then, in its wording for a time passed (Finding.late) if its own time has passed too. Null: the
 * texts as told stay true (no time told, or one still ahead).
 */
export function escalationTexts(told: Told, last: Finding | null, now: number): { title: Text; explanation: Text } | null {
  if (!last?.active || told.expectedAt === undefined || told.expectedAt > now) return null;
  const texts = last.expectedAt !== undefined && last.expectedAt <= now ? (last.late ?? last) : last;
  return { title: texts.title, explanation: texts.explanation };
}
