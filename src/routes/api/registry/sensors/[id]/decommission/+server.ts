import type { RequestHandler } from './$types';
import { finish, guard, readBody } from '$lib/server/registry/http';

/** `{ reason, revision? }`: the sensor leaves the catalog for good; its history and readings stay, its id is never reused. */
export const POST: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'decommission', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const result = await g.registry.store.decommission(g.actor, id, b.reason, b.body.revision as number | undefined);
  return finish(g, 'decommission', id, b.reason, result);
};
