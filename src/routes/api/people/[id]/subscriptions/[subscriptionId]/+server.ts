import type { RequestHandler } from './$types';
import { finish, guard, invalid, pathId, readBody } from '$lib/server/people/http';

/** `{ reason }` */
export const DELETE: RequestHandler = async (event) => {
  const target = `${event.params.id}/${event.params.subscriptionId}`;
  const g = await guard(event, 'subscription-remove', target);
  if (!g.ok) return g.response;
  const b = await readBody(event.request, true);
  if (!b.ok) return b.response;
  const subId = pathId(event.params.subscriptionId);
  if (subId === null) return invalid(g, 'subscription-remove', target, ['subscription id must be a positive integer']);
  return finish(g, 'subscription-remove', target, b.reason, await g.store.removeSubscription(g.actor, event.params.id, subId), 'deleted');
};
