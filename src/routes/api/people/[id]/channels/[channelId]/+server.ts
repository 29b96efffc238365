import type { RequestHandler } from './$types';
import { finish, guard, invalid, pathId, readBody } from '$lib/server/people/http';
import { channelEditProblems, pathIdProblem } from '$lib/server/people/route-checks';
import { redactChannel } from '$lib/server/people/rows';

/** `{ rank?, enabled? }`: reorder or switch a channel off without losing its address. */
export const PATCH: RequestHandler = async (event) => {
  const target = `${event.params.id}/${event.params.channelId}`;
  const g = await guard(event, 'channel-edit', target);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const { rank, enabled } = b.body;
  const errors = channelEditProblems(event.params.channelId, rank, enabled);
  if (errors.length > 0) return invalid(g, 'channel-edit', target, errors);
  const result = await g.store.updateChannel(g.actor, event.params.id, pathId(event.params.channelId)!, { rank: rank as number | undefined, enabled: enabled as boolean | undefined });
  const detail = [rank !== undefined && `rank ${rank}`, enabled !== undefined && (enabled ? 'enabled' : 'disabled'), b.reason].filter(Boolean).join(', ');
  return finish(g, 'channel-edit', target, detail, result.ok ? { ...result, value: redactChannel(result.value) } : result, 'channel');
};

/** `{ reason }` */
export const DELETE: RequestHandler = async (event) => {
  const target = `${event.params.id}/${event.params.channelId}`;
  const g = await guard(event, 'channel-remove', target);
  if (!g.ok) return g.response;
  const b = await readBody(event.request, true);
  if (!b.ok) return b.response;
  const badId = pathIdProblem('channel', event.params.channelId);
  if (badId) return invalid(g, 'channel-remove', target, [badId]);
  return finish(g, 'channel-remove', target, b.reason, await g.store.removeChannel(g.actor, event.params.id, pathId(event.params.channelId)!), 'deleted');
};
