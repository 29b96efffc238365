/**
 * The command center's half of "send a test message": publishes a request on TOPICS.channelTests for
 * the notifier and keeps the results it publishes back (TOPICS.channelTestResults) for the page to
 * poll. Its own MQTT client, opened on the first test (as the registry's publisher has its own), one
 * per process under a Symbol.for key (SvelteKit endpoints are a different module graph from
 * scripts/web.ts). Every command center hears every result, so any of them can answer the poll.
 * Rate limits: one test per channel per CHANNEL_INTERVAL_MS, USER_MAX per admin per USER_WINDOW_MS.
 */
import { randomBytes } from 'node:crypto';
import { TOPICS } from '../../core/topic';
import { connectWebMqtt } from '../mqtt-connect';
import { loadWebConfig } from '../config';
import { say, sayWith } from '../../schemas/reason';
import { parseChannelTestResult, type ChannelTestRequest, type ChannelTestResult } from './channel-test-message';

export const CHANNEL_INTERVAL_MS = 15_000;
const USER_MAX = 10;
const USER_WINDOW_MS = 10 * 60_000;
const RESULTS_KEPT = 1_000;
const RESULT_TTL_MS = 10 * 60_000;

export type TestAsk = { ok: true; requestId: string } | { ok: false; status: 429 | 503; error: string };

export interface ChannelTests {
  request(by: string, personId: string, channelId: number): Promise<TestAsk>;
  /** The notifier's answer to a request, or null while none came. */
  result(requestId: string): ChannelTestResult | null;
  close(): Promise<void>;
}

const KEY = Symbol.for('pantau.people.channel-tests');
type Slot = typeof globalThis & { [KEY]?: ChannelTests };

export function getChannelTests(): ChannelTests {
  const g = globalThis as Slot;
  return (g[KEY] ??= createChannelTests(loadWebConfig().mqtt));
}

export function createChannelTests(config: { url: string; username: string; password: string }, now: () => number = Date.now): ChannelTests {
  const client = connectWebMqtt(config, 'tests');
  const results = new Map<string, ChannelTestResult>();
  const lastByChannel = new Map<string, number>();
  const byUser = new Map<string, number[]>();
  const ready = new Promise<void>((resolve) => {
    client.on('connect', () => client.subscribe(TOPICS.channelTestResults, { qos: 1 }, () => resolve()));
  });
  client.on('error', (err) => console.error(`[people] channel tests MQTT: ${err.message}`));
  client.on('message', (_topic, payload) => {
    const r = parseChannelTestResult(payload);
    if (!r) return;
    results.set(r.requestId, r);
    for (const [id, old] of results) if (results.size > RESULTS_KEPT || old.at < now() - RESULT_TTL_MS) results.delete(id);
  });

  function limited(by: string, channel: string): string | null {
    const t = now();
    if (t - (lastByChannel.get(channel) ?? -Infinity) < CHANNEL_INTERVAL_MS) return say('testChannelRate', { seconds: CHANNEL_INTERVAL_MS / 1000 });
    const recent = (byUser.get(by) ?? []).filter((at) => at > t - USER_WINDOW_MS);
    if (recent.length >= USER_MAX) return say('testUserRate', { max: USER_MAX, minutes: USER_WINDOW_MS / 60_000 });
    byUser.set(by, [...recent, t]);
    lastByChannel.set(channel, t);
    return null;
  }

  return {
    async request(by, personId, channelId) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const connected = await Promise.race([ready.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 5_000)))]);
      clearTimeout(timer);
      // Connected once but not now: a QoS 1 publish would wait for the broker's return, so say so at once.
      if (!connected || !client.connected) return { ok: false, status: 503, error: say('testBrokerDown') };
      const why = limited(by, `${personId}/${channelId}`);
      if (why) return { ok: false, status: 429, error: why };
      const request: ChannelTestRequest = { requestId: randomBytes(12).toString('base64url'), personId, channelId, by, at: now() };
      try {
        await client.publishAsync(TOPICS.channelTests, JSON.stringify(request), { qos: 1 });
      } catch (err) {
        return { ok: false, status: 503, error: sayWith('testPublishFailed', { error: (err as Error).message }) };
      }
      return { ok: true, requestId: request.requestId };
    },
    result: (requestId) => results.get(requestId) ?? null,
    close: () => client.endAsync()
  };
}
