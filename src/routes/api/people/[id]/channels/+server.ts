import type { RequestHandler } from './$types';
import { parseChannel } from '$lib/schemas/people';
import { finish, guard, invalid, readBody } from '$lib/server/people/http';
import { describeChannel, redactChannel } from '$lib/server/people/rows';

/** `{ channel: {kind, address, rank?, enabled?}, reason? }`; the address is checked by its kind. */
export const POST: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'channel-add', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const channel = parseChannel(b.body.channel);
  if (!channel.ok) return invalid(g, 'channel-add', id, channel.errors.map((e) => `channel: ${e}`));
  const result = await g.store.addChannel(g.actor, id, channel.value);
  const detail = [describeChannel(channel.value), b.reason].filter(Boolean).join(' — ');
  return finish(g, 'channel-add', id, detail, result.ok ? { ...result, value: redactChannel(result.value) } : result, 'channel', 201);
};
