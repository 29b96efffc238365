import type { Alert } from '../core/alert';
import type { Directory, Person, RotaRole, Team } from '../core/people';

/**
 * Who is on call, and which teams an alert concerns: pure functions over one Directory snapshot, shared
 * by the notifier's dispatcher and the command center's people pages.
 */

export interface OnCall {
  primary?: Person;
  backup?: Person;
  lead?: Person;
}

function personById(directory: Directory, id: string | undefined): Person | undefined {
  if (!id) return undefined;
  const person = directory.people.find((p) => p.id === id);
  return person?.active ? person : undefined;
}

/** The active person holding `role` for the team at `at` (the latest-starting shift wins an overlap). */
function holder(directory: Directory, teamId: string, role: RotaRole, at: number): Person | undefined {
  let best: { start: number; personId: string } | undefined;
  for (const s of directory.shifts) {
    if (s.teamId !== teamId || s.role !== role || at < s.start || at >= s.end) continue;
    if (!personById(directory, s.personId)) continue;
    if (!best || s.start > best.start) best = { start: s.start, personId: s.personId };
  }
  return personById(directory, best?.personId);
}

export function onCall(directory: Directory, teamId: string, at: number): OnCall {
  const team = directory.teams.find((t) => t.id === teamId);
  if (!team) return {};
  return { primary: holder(directory, teamId, 'primary', at), backup: holder(directory, teamId, 'backup', at), lead: personById(directory, team.leadPersonId) };
}

/** Teams covering the alert's kind and district (an empty list covers all). */
export function teamsFor(directory: Directory, alert: Pick<Alert, 'kind' | 'district'>): Team[] {
  return directory.teams.filter(
    (t) => (t.kinds.length === 0 || t.kinds.includes(alert.kind)) && (t.districts.length === 0 || t.districts.includes(alert.district))
  );
}
