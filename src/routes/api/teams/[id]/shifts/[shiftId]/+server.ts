import type { RequestHandler } from './$types';
import { finish, guard, invalid, pathId, readBody } from '$lib/server/people/http';

/** `{ reason }` */
export const DELETE: RequestHandler = async (event) => {
  const target = `${event.params.id}/${event.params.shiftId}`;
  const g = await guard(event, 'shift-remove', target);
  if (!g.ok) return g.response;
  const b = await readBody(event.request, true);
  if (!b.ok) return b.response;
  const shiftId = pathId(event.params.shiftId);
  if (shiftId === null) return invalid(g, 'shift-remove', target, ['shift id must be a positive integer']);
  return finish(g, 'shift-remove', target, b.reason, await g.store.removeShift(g.actor, event.params.id, shiftId), 'deleted');
};
