/**
 * The responder app's "send me a test notification": one test message through each of the signed-in
 * person's enabled channels, by the same path as an admin's channel test (channel-test.ts: MQTT to the
 * notifier, its rate limits: one per channel per 15 s, ten per login per 10 min). What comes back is
 * put in plain words by a code the page translates (ID/EN); the notifier's own text stays as a hint.
 */
import type { ChannelKind, PersonChannel, PushAddress } from '../../core/people';
import { auditDetail, selfTestArgs, type AuditDetailFields } from '../../i18n/audit-detail';
import type { ChannelTestResult } from './channel-test-message';
import type { ChannelTests } from './channel-test';

/** Why a channel was not reached, for the page to say in the reader's language. */
export type SelfTestProblem = 'off' | 'rate' | 'unreachable' | 'notSetUp' | 'late' | 'refused' | 'noAnswer';

export interface SelfTestChannel {
  channelId: number;
  kind: ChannelKind;
  /** Where it goes, for the person's own eyes: their address, or the push service's host for a device. */
  label: string;
  /** The request to poll for; absent when the test was not sent (then `problem` says why). */
  requestId?: string;
  status: 'waiting' | 'sent' | 'failed';
  problem?: SelfTestProblem;
  /** The notifier's or the limiter's own words (English, technical), shown small. */
  detail?: string;
}

export const MAX_SELF_TEST_CHANNELS = 8;

export function channelLabel(c: Pick<PersonChannel, 'kind' | 'address'>): string {
  if (typeof c.address === 'string') return c.address.slice(0, 80);
  try {
    return new URL((c.address as PushAddress).endpoint).host;
  } catch {
    return '?';
  }
}

/** The notifier's failure text → the plain-words problem shown (the text itself goes along as detail). */
export function problemOf(error: string | undefined): SelfTestProblem {
  const e = error ?? '';
  if (/not set up in the notifier/.test(e)) return 'notSetUp';
  if (/arrived too late/.test(e)) return 'late';
  if (/one test per channel/.test(e)) return 'rate';
  return 'refused';
}

/** Asks the notifier for a test through each enabled channel; disabled ones are listed as off. */
export async function startSelfTest(tests: ChannelTests, user: string, personId: string, channels: readonly PersonChannel[]): Promise<SelfTestChannel[]> {
  const out: SelfTestChannel[] = [];
  const sorted = [...channels].sort((a, b) => a.rank - b.rank || a.id - b.id).slice(0, MAX_SELF_TEST_CHANNELS);
  for (const c of sorted) {
    const base = { channelId: c.id, kind: c.kind, label: channelLabel(c) };
    if (!c.enabled) {
      out.push({ ...base, status: 'failed', problem: 'off' });
      continue;
    }
    const asked = await tests.request(user, personId, c.id);
    if (asked.ok) out.push({ ...base, requestId: asked.requestId, status: 'waiting' });
    else out.push({ ...base, status: 'failed', problem: asked.status === 429 ? 'rate' : 'unreachable', detail: asked.error });
  }
  return out;
}

/**
 * The audit's detail of a self test, as a code and values the audit page says in the reader's language (the English
 * sentence stored beside it as before: "self test: email 1: asked (request r1); whatsapp 3: not asked (off)").
 */
export function selfTestAudit(channels: readonly SelfTestChannel[]): AuditDetailFields {
  if (channels.length === 0) return auditDetail('selfTest.none');
  return auditDetail('selfTest.done', selfTestArgs(channels.map(({ kind, channelId, requestId, problem, detail }) => ({ kind, channelId, ...(requestId ? { requestId } : { problem, ...(detail ? { detail } : {}) }) }))));
}

/** The answers so far to this person's requests (someone else's request id gives nothing). */
export function selfTestResults(tests: Pick<ChannelTests, 'result'>, personId: string, requestIds: readonly string[]): Record<string, Pick<SelfTestChannel, 'status' | 'problem' | 'detail'>> {
  const out: Record<string, Pick<SelfTestChannel, 'status' | 'problem' | 'detail'>> = {};
  for (const id of requestIds.slice(0, MAX_SELF_TEST_CHANNELS)) {
    const r: ChannelTestResult | null = tests.result(id);
    if (!r || r.personId !== personId) continue;
    out[id] = r.status === 'sent' ? { status: 'sent' } : { status: 'failed', problem: problemOf(r.error), ...(r.error ? { detail: r.error } : {}) };
  }
  return out;
}
