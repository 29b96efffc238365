import { randomBytes } from 'node:crypto';
import type { Directory, Person, PersonChannel } from '../../../src/lib/core/people';
import { formatDateTime } from '../../../src/lib/format/format';
import { translate } from '../../../src/lib/i18n/translate';
import type { ChannelTestRequest, ChannelTestResult } from '../../../src/lib/server/people/channel-test-message';
import { auditDetail, type AuditArgs, type AuditCode, type AuditDetailFields } from '../../../src/lib/i18n/audit-detail';
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
  /** What was tried and how it went, for the audit log (user `notifier`), coded to be said in the reader's language. */
  audit: (entry: { action: string; target: string; ok: boolean } & AuditDetailFields) => void;
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
      /** A failure: the English the result carries (self-test.ts reads it) and its audit code with its values. */
      type Why = [error: string, code: AuditCode, args?: AuditArgs];
      const done = (status: ChannelTestResult['status'], why?: Why): ChannelTestResult => {
        const said = auditDetail(why?.[1] ?? 'channelTest.resultSent', { ...(channel ? { kind: channel.kind } : {}), by: req.by.slice(0, 64), ...why?.[2] });
        deps.audit({ action: 'people:channel-test', target, ok: status === 'sent', ...said });
        const error = why?.[0];
        return { requestId: req.requestId, personId: req.personId, channelId: req.channelId, kind: channel?.kind ?? null, status, ...(error ? { error } : {}), at: now() };
      };
      // A request that waited (notifier down, broker queue) is not a test of now: the admin has given up on it.
      if (now() - req.at > MAX_AGE_MS) return done('failed', ['the request arrived too late', channel ? 'channelTest.resultLate' : 'channelTest.resultLateGone']);
      if (!person || !channel) return done('failed', ['no such active person or channel in the directory', 'channelTest.resultGone']);
      const plugin = deps.channels.get(channel.kind);
      if (!plugin) return done('failed', [`${channel.kind} is not set up in the notifier`, 'channelTest.resultNotSetUp']);
      const seconds = MIN_INTERVAL_MS / 1000;
      if (now() - (last.get(target) ?? -Infinity) < MIN_INTERVAL_MS) return done('failed', [`one test per channel every ${seconds} s`, 'channelTest.resultRate', { seconds }]);
      last.set(target, now());
      if (last.size > 10_000) last.clear();
      const message = testMessage(person, channel, req.by, now(), deps.publicUrl);
      const r = await plugin.send(channel.address, message, AbortSignal.timeout(SEND_TIMEOUT_MS)).catch((err: Error) => ({ ok: false as const, error: err.message }));
      if (r.ok) return done('sent');
      const error = r.error.slice(0, 300);
      return done('failed', [error, 'channelTest.resultFailed', { error }]);
    }
  };
}
