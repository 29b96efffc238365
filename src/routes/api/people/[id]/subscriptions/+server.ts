import type { RequestHandler } from './$types';
import { parseSubscription } from '$lib/schemas/people';
import { finish, guard, invalid, readBody } from '$lib/server/people/http';

/** `{ subscription: {districts?, kinds?, categories?, minSeverity?}, reason? }`; empty lists mean all. */
export const POST: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'subscription-add', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const sub = parseSubscription(b.body.subscription, g.districts);
  if (!sub.ok) return invalid(g, 'subscription-add', id, sub.errors.map((e) => `subscription: ${e}`));
  const s = sub.value;
  const all = (list: string[]) => (list.length ? list.join('+') : 'all');
  const detail = [`${all(s.kinds)} kinds, ${all(s.districts)} districts, ${s.categories.join('+')}, ≥ ${s.minSeverity}`, b.reason].filter(Boolean).join(' — ');
  return finish(g, 'subscription-add', id, detail, await g.store.addSubscription(g.actor, id, s), 'subscription', 201);
};
