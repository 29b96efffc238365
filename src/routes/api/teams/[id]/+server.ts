import type { RequestHandler } from './$types';
import { parseTeam } from '$lib/schemas/people';
import { finish, guard, invalid, readBody, refuse } from '$lib/server/people/http';
import { changesProblems } from '$lib/server/people/route-checks';

const EDITABLE = ['name', 'kinds', 'districts', 'leadPersonId', 'backupAfterMin', 'leadAfterMin'];

/** `{ changes: {name?, kinds?, districts?, leadPersonId?, backupAfterMin?, leadAfterMin?}, revision?, reason? }`; null clears the lead. */
export const PATCH: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'team-edit', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const problems = changesProblems('team', b.body.changes, EDITABLE);
  if (problems.length > 0) return invalid(g, 'team-edit', id, problems);
  // an object of editable fields: changesProblems said otherwise
  const changes = b.body.changes as Record<string, unknown>;
  const current = (await g.store.listTeams()).find((t) => t.id === id);
  if (!current) return refuse(404, [`no team "${id.slice(0, 64)}" in the directory`], 'NOT_FOUND');
  const { revision: _r, updatedAt: _a, updatedBy: _b, ...fields } = current;
  const team = parseTeam({ ...fields, ...changes, id }, g.districts);
  if (!team.ok) return invalid(g, 'team-edit', id, team.errors);
  const detail = b.reason || `changed ${Object.keys(changes).join(', ')}`;
  return finish(g, 'team-edit', id, detail, await g.store.updateTeam(g.actor, id, team.value, b.body.revision as number | undefined), 'team');
};

/** `{ reason }`: the team and its shifts. */
export const DELETE: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'team-delete', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request, true);
  if (!b.ok) return b.response;
  return finish(g, 'team-delete', id, b.reason, await g.store.deleteTeam(g.actor, id), 'deleted');
};
