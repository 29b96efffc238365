import type { RequestHandler } from './$types';
import { getChannelTests } from '$lib/server/people/channel-test';
import { auditDetail, refusalArgs } from '$lib/i18n/audit-detail';
import { audit, guard, pathId, refuse, reply } from '$lib/server/people/http';

/**
 * POST `{}`: ask the notifier to send one test message through this channel (audited, rate-limited);
 * answers 202 `{ requestId }`. GET `?request=<id>`: `{ result }`, null until the notifier has answered
 * (the page polls; the notifier answers within seconds or the page says it heard nothing).
 */
export const POST: RequestHandler = async (event) => {
  const target = `${event.params.id}/${event.params.channelId}`;
  const g = await guard(event, 'channel-test', target);
  if (!g.ok) return g.response;
  const channelId = pathId(event.params.channelId);
  const person = channelId === null ? null : await g.store.getPerson(event.params.id);
  const channel = person?.channels.find((c) => c.id === channelId);
  if (!channel) {
    audit(g.actor, 'channel-test', target, false, auditDetail('channelTest.noChannel'));
    return refuse(404, [`no channel ${event.params.channelId.slice(0, 20)} of "${event.params.id.slice(0, 64)}" in the directory`], 'NOT_FOUND');
  }
  const asked = await getChannelTests().request(g.actor.user, event.params.id, channelId!);
  if (!asked.ok) {
    audit(g.actor, 'channel-test', target, false, auditDetail('channelTest.refused', { kind: channel.kind, ...refusalArgs([asked.error]) }));
    return refuse(asked.status, [asked.error], asked.status === 429 ? 'RATE_LIMITED' : 'NOTIFIER_UNREACHABLE');
  }
  audit(g.actor, 'channel-test', target, true, auditDetail('channelTest.asked', { kind: channel.kind, requestId: asked.requestId }));
  return reply({ ok: true, requestId: asked.requestId }, 202);
};

export const GET: RequestHandler = async (event) => {
  const g = await guard(event, 'channel-test-result', `${event.params.id}/${event.params.channelId}`);
  if (!g.ok) return g.response;
  const requestId = event.url.searchParams.get('request') ?? '';
  const result = getChannelTests().result(requestId);
  // Only the channel asked about: a request id is not a key to every result.
  const mine = result && result.personId === event.params.id && String(result.channelId) === event.params.channelId ? result : null;
  return reply({ ok: true, result: mine });
};
