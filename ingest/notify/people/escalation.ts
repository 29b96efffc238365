/**
 * The person escalation chain of critical emergencies, per open alert and covering team: the on-call
 * primary is paged at once (route.ts), the backup after the team's backupAfterMin, the lead after its
 * leadAfterMin, unless the alert is acknowledged or resolved first; a page that reached nobody brings the next step
 * forward (advance). A state machine driven by tick(now):
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
  /** The round's version (its opening copy's, alertVersion): with the team and step, the step's send-ledger key. */
  round?: number;
}

interface Chain {
  teamId: string;
  openedAt: number;
  round?: number;
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
  /**
   * Starts the chain of each team for the alert; an alert already escalating keeps its clock. `stamp`: how new the
   * opening event is (its `at` or its alert's `updatedAt`, whichever is later; `at` by default). `round`: the round's
   * version, handed back with each due step (a chain already running keeps its own).
   */
  open(alertId: string, teams: readonly EscalationTeam[], at: number, stamp?: number, round?: number): void;
  /**
   * Restores a chain (from stored deliveries, or a team paged past its primary): steps done are not repeated. Arriving
   * late, when the chain already runs again (a replayed event opened it), its done steps and earlier clock are merged in.
   */
  restore(alertId: string, team: EscalationTeam, openedAt: number, done: readonly EscalationStep[], stamp?: number, round?: number): void;
  /** A step sent outside tick(): not sent again; the chain ends once both are done. Returns whether it was still to come. */
  markDone(alertId: string, teamId: string, step: EscalationStep): boolean;
  /**
   * The team's step brought forward to now, when it is the chain's next (the page before it reached nobody: every channel
   * failed): marked done, so no tick pages it again, and counted as a tick's step. Null when it is not still to come next.
   */
  advance(alertId: string, teamId: string, step: EscalationStep): DueStep | null;
  /** Acknowledged or resolved: no further steps. Returns whether a chain was running. */
  stop(alertId: string): boolean;
  /** The steps due at `now`, each returned once; finished chains are forgotten (but for their stamp: `isStale`). */
  tick(now: number): DueStep[];
  isOpen(alertId: string): boolean;
  /**
   * The steps an open chain has done, per team, or those its last round reached once it finished unstopped (bounded like
   * the stamps; none after an acknowledgement or resolution): their people hear of a worsening too (dispatcher.ts).
   */
  stepsDone(alertId: string): TeamStep[];
  /** An event of an open chain: a replay of it after the chain ends is stale too. */
  seen(alertId: string, stamp: number): void;
  /** The alert's chain finished or stopped after an event at least this new: such an event must not open it again (a replay). */
  isStale(alertId: string, stamp: number): boolean;
  stats(): EscalationStats;
}

export type TeamStep = { teamId: string; step: EscalationStep };

export const DEFAULT_MAX_OPEN_ALERTS = 10_000;

const STEPS: readonly EscalationStep[] = ['backup', 'lead'];
const isDone = (chain: Chain, step: EscalationStep): boolean => (step === 'backup' ? chain.next !== 'backup' : chain.next === null);

/** `minuteMs`: the length of a team's "minute" (60,000; the NOTIFY_TEST_MINUTE_MS knob shortens it in tests). */
export function createEscalations(options: { minuteMs?: number; maxOpen?: number } = {}): Escalations {
  const minuteMs = options.minuteMs ?? 60_000;
  const maxOpen = options.maxOpen ?? DEFAULT_MAX_OPEN_ALERTS;
  // Insertion order = age: the first key is the oldest alert, evicted first when full.
  const chains = new Map<string, Chain[]>();
  // The newest event stamp of each open chain, then of each finished or stopped one with the steps it reached (bounded like the chains).
  const stamps = new Map<string, number>();
  const ended = new Map<string, { stamp: number; reached: TeamStep[] }>();
  const stats: EscalationStats = { open: 0, steps: { backup: 0, lead: 0 }, stopped: 0, evicted: 0 };

  function chainFor(team: EscalationTeam, openedAt: number, round?: number): Chain {
    const backupAt = openedAt + team.backupAfterMin * minuteMs;
    // A lead never comes before the backup, whatever the team's numbers say.
    const leadAt = Math.max(backupAt, openedAt + team.leadAfterMin * minuteMs);
    return { teamId: team.teamId, openedAt, backupAt, leadAt, next: 'backup', ...(round === undefined ? {} : { round }) };
  }
  const dueOf = (alertId: string, c: Chain, step: EscalationStep): DueStep => ({ alertId, teamId: c.teamId, step, openedAt: c.openedAt, ...(c.round === undefined ? {} : { round: c.round }) });

  function stamp(alertId: string, at: number): void {
    stamps.set(alertId, Math.max(at, stamps.get(alertId) ?? -Infinity, ended.get(alertId)?.stamp ?? -Infinity));
  }

  const doneIn = (list: readonly Chain[] | undefined): TeamStep[] =>
    (list ?? []).flatMap((c) => STEPS.filter((step) => isDone(c, step)).map((step) => ({ teamId: c.teamId, step })));

  /** Forgets the running chain, remembering how new the events it has seen were and the steps it reached. */
  function end(alertId: string, reached = doneIn(chains.get(alertId))): void {
    chains.delete(alertId);
    const at = stamps.get(alertId);
    stamps.delete(alertId);
    if (at === undefined) return;
    ended.delete(alertId);
    ended.set(alertId, { stamp: at, reached });
    if (ended.size > maxOpen) ended.delete(ended.keys().next().value as string);
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
      stamps.delete(oldest);
      stats.evicted++;
    }
    chains.set(alertId, [chain]);
  }

  /** Done steps into a chain already running; an earlier clock (the first round's) wins. */
  function merge(chain: Chain, team: EscalationTeam, openedAt: number, done: readonly EscalationStep[]): void {
    if (openedAt < chain.openedAt) Object.assign(chain, chainFor(team, openedAt, chain.round), { next: chain.next });
    if (done.includes('lead')) chain.next = null;
    else if (done.includes('backup') && chain.next === 'backup') chain.next = 'lead';
  }

  const markDone: Escalations['markDone'] = (alertId, teamId, step) => {
    const list = chains.get(alertId);
    const chain = list?.find((c) => c.teamId === teamId);
    if (!list || !chain || chain.next === null) return false;
    const pending = step === 'lead' || chain.next === 'backup';
    chain.next = step === 'lead' ? null : 'lead';
    if (list.every((c) => c.next === null)) end(alertId);
    return pending;
  };

  return {
    open(alertId, teams, at, eventStamp = at, round) {
      for (const team of teams) add(alertId, chainFor(team, at, round));
      if (chains.has(alertId)) stamp(alertId, eventStamp);
    },
    restore(alertId, team, openedAt, done, eventStamp = openedAt, round) {
      const list = chains.get(alertId);
      const running = list?.find((c) => c.teamId === team.teamId);
      if (list && running) {
        merge(running, team, openedAt, done);
        stamp(alertId, eventStamp);
        if (list.every((c) => c.next === null)) end(alertId);
        return;
      }
      if (!done.includes('lead')) {
        const chain = chainFor(team, openedAt, round);
        if (done.includes('backup')) chain.next = 'lead';
        add(alertId, chain);
      }
      stamp(alertId, eventStamp);
      // Over at once: the round reached this team's steps (and those of its other teams restored over before it).
      const others = (ended.get(alertId)?.reached ?? []).filter((s) => s.teamId !== team.teamId);
      if (!chains.has(alertId)) end(alertId, [...others, ...STEPS.filter((s) => done.includes(s)).map((step) => ({ teamId: team.teamId, step }))]);
    },
    markDone,
    advance(alertId, teamId, step) {
      const chain = chains.get(alertId)?.find((c) => c.teamId === teamId);
      if (!chain || chain.next !== step) return null;
      markDone(alertId, teamId, step);
      stats.steps[step]++;
      return dueOf(alertId, chain, step);
    },
    stop(alertId) {
      const had = chains.has(alertId);
      // Acknowledged (or resolved): a later worsening is a new round from its primary, nobody paged again at once.
      end(alertId, []);
      const over = ended.get(alertId);
      if (over) over.reached = [];
      if (had) stats.stopped++;
      return had;
    },
    tick(now) {
      const due: DueStep[] = [];
      for (const [alertId, list] of chains) {
        for (const c of list) {
          if (c.next === 'backup' && now >= c.backupAt) {
            due.push(dueOf(alertId, c, 'backup'));
            c.next = 'lead';
          }
          if (c.next === 'lead' && now >= c.leadAt) {
            due.push(dueOf(alertId, c, 'lead'));
            c.next = null;
          }
        }
        if (list.every((c) => c.next === null)) end(alertId);
      }
      for (const d of due) stats.steps[d.step]++;
      return due;
    },
    isOpen: (alertId) => chains.has(alertId),
    stepsDone: (alertId) => (chains.has(alertId) ? doneIn(chains.get(alertId)) : [...(ended.get(alertId)?.reached ?? [])]),
    seen: (alertId, at) => void (chains.has(alertId) && stamp(alertId, at)),
    isStale: (alertId, at) => !chains.has(alertId) && (ended.get(alertId)?.stamp ?? -Infinity) >= at,
    stats: () => ({ ...stats, steps: { ...stats.steps }, open: chains.size })
  };
}
