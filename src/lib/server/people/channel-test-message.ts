/**
 * "Send a test message" between the command center and the notifier, over MQTT (TOPICS.channelTests →
 * TOPICS.channelTestResults). Who may send a request is the broker's business (only the web may write
 * the request topic, scripts/lib/mqtt-acl.ts); the admin behind it was checked and audited by the API.
 * Both sides parse what they receive: the notifier acts only on a well-formed request, the web shows
 * only a well-formed result.
 */
import type { ChannelKind } from '../../core/people';
import { DIRECTORY_ID_PATTERN } from '../../schemas/people';

export interface ChannelTestRequest {
  /** Random, from the web; the result carries it back. */
  requestId: string;
  personId: string;
  channelId: number;
  /** The admin who asked (for the notifier's audit entry). */
  by: string;
  at: number;
}

export interface ChannelTestResult {
  requestId: string;
  personId: string;
  channelId: number;
  kind: ChannelKind | null;
  /** `sent`: the channel's service took it (an email accepted by the SMTP server); `failed`: why not in `error`. */
  status: 'sent' | 'failed';
  error?: string;
  at: number;
}

export const MAX_CHANNEL_TEST_BYTES = 2_048;
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

function parseObject(payload: Buffer | string): Record<string, unknown> | null {
  if (payload.length > MAX_CHANNEL_TEST_BYTES) return null;
  try {
    const x = JSON.parse(payload.toString()) as unknown;
    return x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const common = (o: Record<string, unknown>) =>
  typeof o.requestId === 'string' && REQUEST_ID.test(o.requestId) && typeof o.personId === 'string' && DIRECTORY_ID_PATTERN.test(o.personId) && Number.isSafeInteger(o.channelId) && (o.channelId as number) > 0 && Number.isFinite(o.at);

export function parseChannelTestRequest(payload: Buffer | string): ChannelTestRequest | null {
  const o = parseObject(payload);
  if (!o || !common(o) || typeof o.by !== 'string' || o.by.length === 0 || o.by.length > 64) return null;
  return { requestId: o.requestId as string, personId: o.personId as string, channelId: o.channelId as number, by: o.by, at: o.at as number };
}

export function parseChannelTestResult(payload: Buffer | string): ChannelTestResult | null {
  const o = parseObject(payload);
  if (!o || !common(o) || (o.status !== 'sent' && o.status !== 'failed')) return null;
  const kind = typeof o.kind === 'string' ? (o.kind.slice(0, 16) as ChannelKind) : null;
  const error = typeof o.error === 'string' ? o.error.slice(0, 300) : undefined;
  return { requestId: o.requestId as string, personId: o.personId as string, channelId: o.channelId as number, kind, status: o.status, ...(error ? { error } : {}), at: o.at as number };
}
