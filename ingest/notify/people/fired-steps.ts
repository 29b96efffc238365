import type { Alert } from '../../../src/lib/core/alert';
import { alertVersion } from '../../../src/lib/core/alert-lifecycle';
import type { EscalationStep } from './escalation';

/**
 * The escalation steps the dispatcher's ticks paged, per alert, at the alert's version then. A restore that comes later
 * (restore-older.ts: the background read of a round begun before the 2-day window, after the start's chain of the
 * same round had its overdue steps paged) is told from records that may not show those pages yet: taken for never
 * paged, or for reached only before the worsening (stale), they went again. Tick pages carry no send-ledger key (no
 * event caused them), so the ledger cannot tell. Bounded: the oldest alert goes first.
 */
export interface FiredSteps {
  note(alert: Alert, teamId: string, step: EscalationStep): void;
  /** The team's steps paged at this alert's version or a newer one (the same round: a new one needs a worsening). */
  of(alert: Alert, teamId: string): EscalationStep[];
}

export function createFiredSteps(max: number): FiredSteps {
  const fired = new Map<string, { version: number; steps: Set<string> }>();
  const key = (teamId: string, step: EscalationStep) => `${teamId}\u0000${step}`;
  return {
    note(alert, teamId, step) {
      const version = alertVersion(alert);
      const held = fired.get(alert.id);
      const entry = held && held.version >= version ? held : { version, steps: new Set<string>() };
      entry.steps.add(key(teamId, step));
      fired.delete(alert.id);
      fired.set(alert.id, entry);
      if (fired.size > max) fired.delete(fired.keys().next().value as string);
    },
    of(alert, teamId) {
      const f = fired.get(alert.id);
      if (!f || f.version < alertVersion(alert)) return [];
      return (['backup', 'lead'] as const).filter((step) => f.steps.has(key(teamId, step)));
    }
  };
}
