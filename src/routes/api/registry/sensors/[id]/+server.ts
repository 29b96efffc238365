import type { RequestHandler } from './$types';
import { finish, guard, readBody, refuse, reply } from '$lib/server/registry/http';

/** The sensor and its change history, newest first (who, when, why, before/after and the fields that changed). */
export const GET: RequestHandler = async (event) => {
  const g = await guard(event, 'get', event.params.id);
  if (!g.ok) return g.response;
  const found = await g.registry.store.get(event.params.id);
  if (!found) return refuse(404, [`no sensor "${event.params.id.slice(0, 64)}" in the registry`], 'NOT_FOUND');
  return reply(found);
};

/** `{ changes: {name?, district?, lat?, lon?, intervalS?, flood?, traffic?, downstream?, note?, status?}, reason, revision? }`; null removes an optional field. */
export const PATCH: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'edit', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const result = await g.registry.store.edit(g.actor, id, b.body.changes, b.reason, b.body.revision as number | undefined);
  return finish(g, 'edit', id, b.reason, result);
};
