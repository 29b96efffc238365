import type { RequestHandler } from './$types';
import { finish, guard, invalid, pathId, readBody } from '$lib/server/people/http';
import { pathIdProblem } from '$lib/server/people/route-checks';

/** `{ reason }` */
export const DELETE: RequestHandler = async (event) => {
  const target = `${event.params.id}/${event.params.subscriptionId}`;
  const g = await guard(event, 'subscription-remove', target);
  if (!g.ok) return g.response;
  const b = await readBody(event.request, true);
  if (!b.ok) return b.response;
  const badId = pathIdProblem('subscription', event.params.subscriptionId);
  if (badId) return invalid(g, 'subscription-remove', target, [badId]);
  const subId = pathId(event.params.subscriptionId)!;
  return finish(g, 'subscription-remove', target, b.reason, await g.store.removeSubscription(g.actor, event.params.id, subId), 'deleted');
};
