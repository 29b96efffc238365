import type { RequestHandler } from './$types';
import { finish, guard, invalid, pathId, readBody } from '$lib/server/people/http';
import { pathIdProblem } from '$lib/server/people/route-checks';

/** `{ reason }` */
export const DELETE: RequestHandler = async (event) => {
  const target = `${event.params.id}/${event.params.shiftId}`;
  const g = await guard(event, 'shift-remove', target);
  if (!g.ok) return g.response;
  const b = await readBody(event.request, true);
  if (!b.ok) return b.response;
  const badId = pathIdProblem('shift', event.params.shiftId);
  if (badId) return invalid(g, 'shift-remove', target, [badId]);
  const shiftId = pathId(event.params.shiftId)!;
  return finish(g, 'shift-remove', target, b.reason, await g.store.removeShift(g.actor, event.params.id, shiftId), 'deleted');
};
