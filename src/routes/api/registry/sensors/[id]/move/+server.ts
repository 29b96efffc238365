import type { RequestHandler } from './$types';
import { finish, guard, readBody } from '$lib/server/registry/http';

/** `{ lat, lon, district?, reason, revision? }`: a sensor moved to another place (its id and readings stay). */
export const POST: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'move', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const { lat, lon, district } = b.body;
  const changes = district === undefined ? { lat, lon } : { lat, lon, district };
  const result = await g.registry.store.edit(g.actor, id, changes, b.reason, b.body.revision as number | undefined, 'move');
  return finish(g, 'move', id, b.reason, result);
};
