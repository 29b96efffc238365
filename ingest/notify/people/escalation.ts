/**
 * The person escalation chain of critical emergencies, per open alert and covering team: the on-call
 * primary is paged at once (route.ts), the backup after the team's backupAfterMin, the lead after its
 * leadAfterMin, unless the alert is acknowledged or resolved first. A state machine driven by tick(now):
 * no timers inside, so tests and a restart can drive it with any clock. Who holds the backup or lead
 * role is looked up when the step is due (the rota may have changed since the alert was raised).
 */

export type EscalationStep = 'backup' | 'lead';

export interface EscalationTeam {
  teamId: string;
  backupAfterMin: number;
  leadAfterMin: number;
}

export interface DueStep {
  alertId: string;
  teamId: string;
  step: EscalationStep;
  /** When the chain started (the primary was paged). */
  openedAt: number;
}

interface Chain {
  teamId: string;
  openedAt: number;
  backupAt: number;
  leadAt: number;
  next: EscalationStep | null;
}

export interface EscalationStats {
  open: number;
  steps: Record<EscalationStep, number>;
  stopped: number;
  /** Chains dropped because too many alerts were open at once (oldest first). */
  evicted: number;
}

export interface Escalations {
  /** Starts the chain of each team for the alert; an alert already escalating keeps its clock. */
  open(alertId: string, teams: readonly EscalationTeam[], at: number): void;
  /** Restores a chain at start (from stored deliveries): steps already sent are not repeated. */
  restore(alertId: string, team: EscalationTeam, openedAt: number, done: readonly EscalationStep[]): void;
  /** A step sent outside tick(): not sent again; the chain ends once both are done. Returns whether it was still to come. */
  markDone(alertId: string, teamId: string, step: EscalationStep): boolean;
  /** Acknowledged or resolved: no further steps. Returns whether a chain was running. */
  stop(alertId: string): boolean;
  /** The steps due at `now`, each returned once; finished chains are forgotten. */
  tick(now: number): DueStep[];
  isOpen(alertId: string): boolean;
  stats(): EscalationStats;
}

export const DEFAULT_MAX_OPEN_ALERTS = 10_000;

/** `minuteMs`: the length of a team's "minute" (60,000; the NOTIFY_TEST_MINUTE_MS knob shortens it in tests). */
export function createEscalations(options: { minuteMs?: number; maxOpen?: number } = {}): Escalations {
  const minuteMs = options.minuteMs ?? 60_000;
  const maxOpen = options.maxOpen ?? DEFAULT_MAX_OPEN_ALERTS;
  // Insertion order = age: the first key is the oldest alert, evicted first when full.
  const chains = new Map<string, Chain[]>();
  const stats: EscalationStats = { open: 0, steps: { backup: 0, lead: 0 }, stopped: 0, evicted: 0 };

  function chainFor(team: EscalationTeam, openedAt: number): Chain {
    const backupAt = openedAt + team.backupAfterMin * minuteMs;
    // A lead never comes before the backup, whatever the team's numbers say.
    const leadAt = Math.max(backupAt, openedAt + team.leadAfterMin * minuteMs);
    return { teamId: team.teamId, openedAt, backupAt, leadAt, next: 'backup' };
  }

  function add(alertId: string, chain: Chain): void {
    const list = chains.get(alertId);
    if (list) {
      if (!list.some((c) => c.teamId === chain.teamId)) list.push(chain);
      return;
    }
    if (chains.size >= maxOpen) {
      const oldest = chains.keys().next().value as string;
      chains.delete(oldest);
      stats.evicted++;
    }
    chains.set(alertId, [chain]);
  }

  return {
    open(alertId, teams, at) {
      for (const team of teams) add(alertId, chainFor(team, at));
    },
    restore(alertId, team, openedAt, done) {
      const chain = chainFor(team, openedAt);
      if (done.includes('lead')) return;
      if (done.includes('backup')) chain.next = 'lead';
      add(alertId, chain);
    },
    markDone(alertId, teamId, step) {
      const list = chains.get(alertId);
      const chain = list?.find((c) => c.teamId === teamId);
      if (!list || !chain || chain.next === null) return false;
      const pending = step === 'lead' || chain.next === 'backup';
      chain.next = step === 'lead' ? null : 'lead';
      if (list.every((c) => c.next === null)) chains.delete(alertId);
      return pending;
    },
    stop(alertId) {
      const had = chains.delete(alertId);
      if (had) stats.stopped++;
      return had;
    },
    tick(now) {
      const due: DueStep[] = [];
      for (const [alertId, list] of chains) {
        for (const c of list) {
          if (c.next === 'backup' && now >= c.backupAt) {
            due.push({ alertId, teamId: c.teamId, step: 'backup', openedAt: c.openedAt });
            c.next = 'lead';
          }
          if (c.next === 'lead' && now >= c.leadAt) {
            due.push({ alertId, teamId: c.teamId, step: 'lead', openedAt: c.openedAt });
            c.next = null;
          }
        }
        if (list.every((c) => c.next === null)) chains.delete(alertId);
      }
      for (const d of due) stats.steps[d.step]++;
      return due;
    },
    isOpen: (alertId) => chains.has(alertId),
    stats: () => ({ ...stats, steps: { ...stats.steps }, open: chains.size })
  };
}
