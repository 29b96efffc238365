import {
  MAX_PARTS,
  parseStatusMessage,
  processSince,
  processState,
  roleHealth,
  type ProcessReport,
  type ProcessRole,
  type ProcessState,
  type RoleHealth
} from '../core/process-status';

/**
 * Processes held at most per role: every ingest worker (MAX_PARTS) and a few more; a few notifiers. A publisher
 * inventing client ids cannot grow the hub, and per role: with one cap for both, a board full of live ingest
 * reports refused the notifier's, and the wall said paging was down while it ran.
 */
export const MAX_PROCESSES_PER_ROLE: Readonly<Record<ProcessRole, number>> = { ingest: MAX_PARTS + 32, notify: 32 };

export interface ProcessHealth {
  role: ProcessRole;
  id: string;
  state: ProcessState;
  /** Since when it is in that state (epoch ms) and how long ago that is. */
  since: number;
  ageMs: number;
  intervalMs: number;
}

export interface PipelineHealth {
  roles: RoleHealth[];
  processes: ProcessHealth[];
}

export interface ProcessBoard {
  /** One status message; false when refused (the reason goes to onDropped). */
  take(topic: string, payload: Uint8Array, retained: boolean, now: number): boolean;
  health(now: number): PipelineHealth;
  /** Per role only (the banner, every status message and connect): no list of processes built and sorted. */
  roles(now: number): RoleHealth[];
}

export interface ProcessBoardOptions {
  expected: readonly ProcessRole[];
  startedAt: number;
  graceMs: number;
  /** Per role, for tests: the same cap for every role (default MAX_PROCESSES_PER_ROLE). */
  max?: number;
  onDropped?(reason: string): void;
}

/**
 * The latest status of each of Pantau's own processes, as heard on `pantau/v1/status/+/+`
 * (core/process-status.ts). Bounded: a new process beyond the cap takes the place of the one heard
 * least recently that is not up, or is refused when every place holds a live one.
 */
export function createProcessBoard(options: ProcessBoardOptions): ProcessBoard {
  const maxOf = (role: ProcessRole) => options.max ?? MAX_PROCESSES_PER_ROLE[role];
  const reports = new Map<string, ProcessReport>();
  const countOf = (role: ProcessRole) => {
    let n = 0;
    for (const r of reports.values()) if (r.role === role) n++;
    return n;
  };

  function makeRoom(role: ProcessRole, now: number): boolean {
    let oldest: [string, ProcessReport] | null = null;
    for (const entry of reports) {
      if (entry[1].role !== role || processState(entry[1], now) === 'up') continue;
      if (!oldest || entry[1].seenAt < oldest[1].seenAt) oldest = entry;
    }
    if (!oldest) return false;
    reports.delete(oldest[0]);
    return true;
  }

  return {
    take(topic, payload, retained, now) {
      const parsed = parseStatusMessage(topic, payload, now, retained);
      if (!parsed.ok) {
        options.onDropped?.(parsed.reason);
        return false;
      }
      if ('cleared' in parsed) return reports.delete(topic), true;
      const role = parsed.report.role;
      if (!reports.has(topic) && countOf(role) >= maxOf(role) && !makeRoom(role, now)) {
        options.onDropped?.('too_many_processes');
        return false;
      }
      const held = reports.get(topic);
      // the same Will read back (the web's broker link came back) says nothing new: it went when first heard, not now
      if (!(held && parsed.report.noticed && held.state === parsed.report.state)) reports.set(topic, parsed.report);
      return true;
    },
    health(now) {
      const list = [...reports.values()];
      const processes = list.map((r) => {
        const since = processSince(r, now);
        return { role: r.role, id: r.id, state: processState(r, now), since, ageMs: now - since, intervalMs: r.intervalMs };
      });
      processes.sort((a, b) => a.role.localeCompare(b.role) || a.id.localeCompare(b.id));
      return { roles: roleHealth(list, options, now), processes };
    },
    roles(now) {
      return roleHealth([...reports.values()], options, now);
    }
  };
}
