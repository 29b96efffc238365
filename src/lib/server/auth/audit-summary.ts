import type { AuditEntry } from './audit';
import type { Role } from './roles';
import type { AuditDetail } from '../../i18n/audit-detail';

/**
 * Which audit entries are summarised instead of stored one by one, and the summaries. Anyone can send
 * refusals as fast as they like: stored one by one they would fill the log (and its write queue) and
 * bury what people did. Pure: the window's timer and the writing are the audit log's (audit.ts).
 */

/** What the caller knows about an entry beyond its fields. */
export interface AuditHints {
  /** A login for a name that is no user. */
  unknownUser?: boolean;
  /** A login for a real name refused by a budget (rate limited, busy) before its password was checked. */
  throttled?: boolean;
}

export type HintedEntry = AuditEntry & AuditHints;

/** Kinds of summarised refusals per window: unaccountable ones (any text), and throttled logins (one per user and reason). */
export const MAX_SUMMARY_KINDS = 50;
export const MAX_THROTTLED_KINDS = 1_000;

/**
 * A refusal nobody answers for: an anonymous or kiosk socket trying to act, a login for a name that is
 * no user, or a login refused by a budget before its password was looked at.
 */
export function isUnaccountable(e: HintedEntry): boolean {
  return !e.ok && (e.unknownUser === true || e.throttled === true || ((e.role === 'anonymous' || e.role === 'kiosk') && e.action !== 'login'));
}

interface Held {
  user: string;
  role: Role;
  action: string;
  target: string;
  /** Without the caller's varying text: what the summary line starts with. */
  detail: string;
  /** The same as data: the summary is said in the reader's language with its count (i18n/audit-detail.ts). */
  coded: AuditDetail;
  count: number;
  first: number;
}

export interface AuditSummaries {
  /** The entry to store now: itself, or the first of its kind in this window (shortened); null when only counted. */
  admit(entry: HintedEntry): AuditEntry | null;
  /** Ends the window: one entry per kind that had more than its first. */
  closeWindow(nowMs: number, windowMs: number): AuditEntry[];
  /** Kinds beyond the bounds, neither stored nor counted. */
  dropped(): number;
}

export function createAuditSummaries(): AuditSummaries {
  const unaccountable = new Map<string, Held>();
  const throttled = new Map<string, Held>();
  let dropped = 0;

  function count(held: Map<string, Held>, max: number, key: string, make: () => Held): boolean {
    const h = held.get(key);
    if (h) {
      h.count++;
      return false;
    }
    if (held.size >= max) {
      dropped++;
      return false;
    }
    held.set(key, make());
    return true;
  }

  return {
    admit(entry) {
      const { at, user, role, action, target, ok, detail, detailCode, detailArgs } = entry;
      const plain: AuditEntry = { at, user, role, action, target, ok, detail, ...(detailCode ? { detailCode, detailArgs } : {}) };
      if (!isUnaccountable(entry)) return plain;
      if (entry.throttled && !entry.unknownUser) {
        // A real account's name is no attacker's text: kept, so the log says whose account is being hammered.
        const reason = detail.split(' ', 1)[0].slice(0, 40);
        const key = `${user.slice(0, 64)}|${action.slice(0, 64)}|${reason}`;
        const coded: AuditDetail = { code: 'summary.reason', args: { reason } };
        const fresh = count(throttled, MAX_THROTTLED_KINDS, key, () => ({ user, role, action, target, detail: reason, coded, count: 0, first: at }));
        return fresh ? plain : null;
      }
      const short = detail.slice(0, 40);
      const key = `${role}|${action.slice(0, 64)}|${short}`;
      // Cut short, the caller's sentence is kept as text; whole, it keeps its code.
      const coded: AuditDetail = short === detail && detailCode ? { code: detailCode, args: detailArgs } : { code: 'summary.text', args: { text: short } };
      const fresh = count(unaccountable, MAX_SUMMARY_KINDS, key, () => ({ user: role, role, action: action.slice(0, 64), target: '', detail: short, coded, count: 0, first: at }));
      return fresh ? { ...plain, user: role, target: '', detail: short, detailCode: coded.code, detailArgs: coded.args } : null;
    },
    closeWindow(nowMs, windowMs) {
      const out: AuditEntry[] = [];
      for (const h of [...unaccountable.values(), ...throttled.values()]) {
        if (h.count === 0) continue;
        const detail = `${h.detail}: ${h.count} more in ${windowMs / 1000} s after ${new Date(h.first).toISOString()}`;
        const detailArgs = { ...h.coded.args, more: h.count, windowS: windowMs / 1000, sinceAt: h.first };
        out.push({ at: nowMs, user: h.user, role: h.role, action: h.action, target: h.target, ok: false, detail, detailCode: h.coded.code, detailArgs });
      }
      unaccountable.clear();
      throttled.clear();
      return out;
    },
    dropped: () => dropped
  };
}
