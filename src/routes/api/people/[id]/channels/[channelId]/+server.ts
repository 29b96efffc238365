import type { RequestHandler } from './$types';
import { finish, guard, invalid, pathId, readBody } from '$lib/server/people/http';
import { redactChannel } from '$lib/server/people/rows';

/** `{ rank?, enabled? }`: reorder or switch a channel off without losing its address. */
export const PATCH: RequestHandler = async (event) => {
  const target = `${event.params.id}/${event.params.channelId}`;
  const g = await guard(event, 'channel-edit', target);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const channelId = pathId(event.params.channelId);
  const { rank, enabled } = b.body;
  const errors: string[] = [];
  if (channelId === null) errors.push('channel id must be a positive integer');
  if (rank !== undefined && !(Number.isInteger(rank) && (rank as number) >= 0 && (rank as number) <= 99)) errors.push('rank must be a whole number in [0, 99]');
  if (enabled !== undefined && typeof enabled !== 'boolean') errors.push('enabled must be true or false');
  if (rank === undefined && enabled === undefined) errors.push('nothing to change: give rank or enabled');
  if (errors.length > 0) return invalid(g, 'channel-edit', target, errors);
  const result = await g.store.updateChannel(g.actor, event.params.id, channelId!, { rank: rank as number | undefined, enabled: enabled as boolean | undefined });
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
  const channelId = pathId(event.params.channelId);
  if (channelId === null) return invalid(g, 'channel-remove', target, ['channel id must be a positive integer']);
  return finish(g, 'channel-remove', target, b.reason, await g.store.removeChannel(g.actor, event.params.id, channelId), 'deleted');
};
