import type { Alert } from '../core/alert';
import type { ChannelKind, DeliveryRecord } from '../core/people';
import type { MessageKey, MessageParams } from '../i18n/translate';
import { witaClock } from '../core/wita';

/**
 * An alert's deliveries as lines a person reads at a glance: "Sent to Sari (on call, BPBD) by email ✓",
 * "WhatsApp to Sari failed, sent by email", "Escalated to backup (Budi) by email", "Acknowledged by Budi
 * via email link". Pure: the component translates the keys (ID/EN) and formats the times (WITA).
 */
export type TimelineTone = 'ok' | 'bad' | 'wait' | 'esc' | 'ack';

export interface TimelineEntry {
  at: number;
  key: MessageKey;
  /** Values to fill in; `reason`, `channel`, `failed`, `via` are message keys the component translates first. */
  params: Record<string, string>;
  tone: TimelineTone;
  /** The notifier's short failure text, when there is one (shown as a hint, never an address). */
  error?: string;
}

/** Most lines shown: the newest are kept (a long chain still shows how it ended). */
export const MAX_TIMELINE_ENTRIES = 60;

const channelKey = (c: ChannelKind): MessageKey => `channel.${c}`;

function entryOf(r: DeliveryRecord): TimelineEntry {
  const base = { at: r.at, ...(r.error ? { error: r.error } : {}) };
  const params = { name: r.personName, channel: channelKey(r.channel), reason: `delivery.reason.${r.reason}`, team: (r.teamId ?? '').toUpperCase() };
  switch (r.status) {
    case 'sent':
      return r.reason === 'backup' || r.reason === 'lead'
        ? { ...base, key: 'delivery.escalated', params, tone: 'esc' }
        : { ...base, key: 'delivery.sent', params, tone: 'ok' };
    case 'failed':
      return { ...base, key: 'delivery.failed', params, tone: 'bad' };
    case 'fallback':
      return { ...base, key: 'delivery.fallback', params, tone: 'bad' };
    case 'held':
      return { ...base, key: 'delivery.held', params, tone: 'wait' };
    case 'given_up':
      return { ...base, key: 'delivery.givenUp', params, tone: 'bad' };
    case 'unknown':
      return { ...base, key: 'delivery.unknown', params, tone: 'bad' };
    case 'uncovered':
      return { ...base, key: 'delivery.uncovered', params: {}, tone: 'bad' };
    case 'quiet':
      return { ...base, key: 'delivery.quiet', params: { ...params, until: r.until === undefined ? '?' : witaClock(r.until) }, tone: 'wait' };
  }
}

/** `person:<id>` (an acknowledgement by link of someone without a login) → their name when a record knows it. */
export function displayActor(by: string, records: readonly DeliveryRecord[]): string {
  if (!by.startsWith('person:')) return by;
  const id = by.slice('person:'.length);
  return records.find((r) => r.personId === id)?.personName ?? id;
}

export function buildTimeline(records: readonly DeliveryRecord[], alert: Pick<Alert, 'acknowledgedAt' | 'acknowledgedBy' | 'acknowledgedVia'>): TimelineEntry[] {
  const sorted = [...records].sort((a, b) => a.at - b.at);
  const entries: TimelineEntry[] = [];
  // A person's fallback waiting for the channel that then worked: the two become one line.
  const fellBack = new Map<string, { index: number; channel: ChannelKind }>();
  for (const r of sorted) {
    const waiting = fellBack.get(r.personId);
    if (r.status === 'sent' && waiting && waiting.channel !== r.channel) {
      entries[waiting.index] = { at: r.at, key: 'delivery.fellBack', params: { name: r.personName, failed: channelKey(waiting.channel), channel: channelKey(r.channel) }, tone: 'ok' };
      fellBack.delete(r.personId);
      continue;
    }
    if (r.status === 'fallback') fellBack.set(r.personId, { index: entries.length, channel: r.channel });
    else if (r.status === 'sent') fellBack.delete(r.personId);
    entries.push(entryOf(r));
  }
  if (alert.acknowledgedAt !== undefined && alert.acknowledgedBy) {
    const via: MessageKey = `via.${alert.acknowledgedVia ?? 'console'}`;
    entries.push({ at: alert.acknowledgedAt, key: 'delivery.acknowledged', params: { name: displayActor(alert.acknowledgedBy, records), via }, tone: 'ack' });
  }
  return entries.sort((a, b) => a.at - b.at).slice(-MAX_TIMELINE_ENTRIES);
}

/** Fills an entry's parameters that are themselves message keys, in the reader's language. */
export function timelineParams(e: TimelineEntry, t: (key: MessageKey, params?: MessageParams) => string): MessageParams {
  const out: MessageParams = { ...e.params };
  for (const k of ['channel', 'failed', 'via'] as const) if (e.params[k]) out[k] = t(e.params[k] as MessageKey);
  if (e.params.reason) out.reason = t(e.params.reason as MessageKey, { team: e.params.team ?? '' }).trim();
  return out;
}
