import { randomBytes } from 'node:crypto';
import type { Directory, Person, PersonChannel } from '../../../src/lib/core/people';
import { formatDateTime } from '../../../src/lib/format/format';
import { translate } from '../../../src/lib/i18n/translate';
import type { ChannelTestRequest, ChannelTestResult } from '../../../src/lib/server/people/channel-test-message';
import type { Channel, OutgoingMessage } from '../channels/types';

/**
 * An admin's "send a test message" (web → TOPICS.channelTests): one message, in the person's language,
 * through the one channel named, straight to the plugin: no routing, no quiet hours, no retries or
 * fallback (the admin wants to know whether this address works now). A disabled channel is tried too:
 * that is how an admin checks it before turning it back on. One test per channel per
 * MIN_INTERVAL_MS here as well as in the web, so a flood of requests cannot spam a person.
 */

export const MIN_INTERVAL_MS = 10_000;
const SEND_TIMEOUT_MS = 30_000;
const MAX_AGE_MS = 60_000;

export interface ChannelTester {
  test(request: ChannelTestRequest): Promise<ChannelTestResult>;
}

export interface ChannelTesterDeps {
  directory: () => Directory;
  channels: ReadonlyMap<string, Channel>;
  publicUrl: string;
  /** What was tried and how it went, for the audit log (user `notifier`). */
  audit: (entry: { action: string; target: string; ok: boolean; detail: string }) => void;
  now?: () => number;
}

export function testMessage(person: Person, channel: PersonChannel, by: string, at: number, publicUrl: string): OutgoingMessage {
  const lang = person.language;
  const channelName = translate(lang, `channel.${channel.kind}`);
  return {
    personId: person.id,
    language: lang,
    severity: 'info',
    alertIds: [],
    title: translate(lang, 'delivery.test.title'),
    body: translate(lang, 'delivery.test.body', { name: person.name, by, time: formatDateTime(at, lang), channel: channelName }),
    url: publicUrl,
    tag: `pantau-test-${randomBytes(4).toString('hex')}`
  };
}

export function createChannelTester(deps: ChannelTesterDeps): ChannelTester {
  const now = deps.now ?? Date.now;
  const last = new Map<string, number>();
  return {
    async test(req) {
      const person = deps.directory().people.find((p) => p.id === req.personId);
      const channel = person?.channels.find((c) => c.id === req.channelId);
      const target = `${req.personId}/${req.channelId}`;
      const done = (status: ChannelTestResult['status'], error?: string): ChannelTestResult => {
        const detail = `${channel?.kind ?? 'channel'} test message asked for by ${req.by.slice(0, 64)}: ${status}${error ? ` (${error})` : ''}`;
        deps.audit({ action: 'people:channel-test', target, ok: status === 'sent', detail });
        return { requestId: req.requestId, personId: req.personId, channelId: req.channelId, kind: channel?.kind ?? null, status, ...(error ? { error } : {}), at: now() };
      };
      // A request that waited (notifier down, broker queue) is not a test of now: the admin has given up on it.
      if (now() - req.at > MAX_AGE_MS) return done('failed', 'the request arrived too late');
      if (!person || !channel) return done('failed', 'no such active person or channel in the directory');
      const plugin = deps.channels.get(channel.kind);
      if (!plugin) return done('failed', `${channel.kind} is not set up in the notifier`);
      if (now() - (last.get(target) ?? -Infinity) < MIN_INTERVAL_MS) return done('failed', `one test per channel every ${MIN_INTERVAL_MS / 1000} s`);
      last.set(target, now());
      if (last.size > 10_000) last.clear();
      const message = testMessage(person, channel, req.by, now(), deps.publicUrl);
      const r = await plugin.send(channel.address, message, AbortSignal.timeout(SEND_TIMEOUT_MS)).catch((err: Error) => ({ ok: false as const, error: err.message }));
      return r.ok ? done('sent') : done('failed', r.error.slice(0, 300));
    }
  };
}
