import type { RequestHandler } from './$types';
import { parseTeam } from '$lib/schemas/people';
import { finish, guard, invalid, readBody, reply } from '$lib/server/people/http';

export const GET: RequestHandler = async (event) => {
  const g = await guard(event, 'team-list');
  if (!g.ok) return g.response;
  return reply({ teams: await g.store.listTeams() });
};

/** `{ team: {id, name: {id, en}, kinds?, districts?, leadPersonId?, backupAfterMin?, leadAfterMin?}, reason? }` */
export const POST: RequestHandler = async (event) => {
  const g = await guard(event, 'team-create');
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const input = b.body.team as { id?: unknown } | undefined;
  const team = parseTeam(input, g.districts);
  if (!team.ok) return invalid(g, 'team-create', typeof input?.id === 'string' ? input.id.slice(0, 64) : '', team.errors.map((e) => `team: ${e}`));
  const t = team.value;
  const detail = b.reason || `team ${t.name.id}: backup after ${t.backupAfterMin} min, lead after ${t.leadAfterMin} min`;
  return finish(g, 'team-create', t.id, detail, await g.store.createTeam(g.actor, t), 'team', 201);
};
