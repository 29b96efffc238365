import type { RequestHandler } from './$types';
import { parseTeam } from '$lib/schemas/people';
import { finish, guard, invalid, readBody, refuse } from '$lib/server/people/http';

const EDITABLE = ['name', 'kinds', 'districts', 'leadPersonId', 'backupAfterMin', 'leadAfterMin'];

/** `{ changes: {name?, kinds?, districts?, leadPersonId?, backupAfterMin?, leadAfterMin?}, revision?, reason? }`; null clears the lead. */
export const PATCH: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'team-edit', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const changes = b.body.changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return invalid(g, 'team-edit', id, ['changes must be an object of team fields']);
  const unknown = Object.keys(changes).filter((k) => !EDITABLE.includes(k));
  if (unknown.length > 0) return invalid(g, 'team-edit', id, unknown.map((k) => `changes: ${k.slice(0, 40)} cannot be changed here`));
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
