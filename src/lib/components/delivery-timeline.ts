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
  /** A line about several people (its key is then a `…Many` one): their names in the order they came. */
  names?: string[];
}

/** Most lines shown: the newest are kept (a long chain still shows how it ended). */
export const MAX_TIMELINE_ENTRIES = 60;

const channelKey = (c: ChannelKind): MessageKey => `channel.${c}`;

/** Who, how and why: `reason` and `team` also keep an on-call and a backup apart when lines are grouped. */
const paramsOf = (r: DeliveryRecord) => ({ name: r.personName, channel: channelKey(r.channel), reason: `delivery.reason.${r.reason}`, team: (r.teamId ?? '').toUpperCase() });

function entryOf(r: DeliveryRecord): TimelineEntry {
  const base = { at: r.at, ...(r.error ? { error: r.error } : {}) };
  const params = paramsOf(r);
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
      entries[waiting.index] = { at: r.at, key: 'delivery.fellBack', params: { ...paramsOf(r), failed: channelKey(waiting.channel) }, tone: 'ok' };
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
  return groupPeople(entries.sort((a, b) => a.at - b.at)).slice(-MAX_TIMELINE_ENTRIES);
}

/**
 * The keys whose lines may name several people, and their text that does. Not escalations: who was paged
 * after whom is what that line tells; nor the acknowledgement (one person) or "covered by no team" (nobody).
 */
const MANY: Partial<Record<MessageKey, MessageKey>> = {
  'delivery.sent': 'delivery.sentMany',
  'delivery.failed': 'delivery.failedMany',
  'delivery.fallback': 'delivery.fallbackMany',
  'delivery.fellBack': 'delivery.fellBackMany',
  'delivery.held': 'delivery.heldMany',
  'delivery.givenUp': 'delivery.givenUpMany',
  'delivery.quiet': 'delivery.quietMany',
  'delivery.unknown': 'delivery.unknownMany'
};
/** How far after a group's first line another may join it: the one time the line shows stays true for all. */
export const GROUP_WINDOW_MS = 60_000;

/** What a line says apart from whom: the same for lines that only differ by person. */
function newsOf(e: TimelineEntry): string {
  const { name: _name, ...rest } = e.params;
  return JSON.stringify([e.key, e.tone, Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))]);
}

/**
 * Lines that say the same about different people become one naming them ("Could not reach 6 people by
 * email: …"), as an outage otherwise fills the card with one red line per person. Only lines next to each
 * other in time order join: a line between them (a message that went out, an escalation) is part of the
 * story and must stay between. A person already on the line starts a new one (a retry is news of its own).
 */
function groupPeople(sorted: readonly TimelineEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let run: TimelineEntry[] = [];
  const flush = () => {
    if (run.length) out.push(run.length === 1 ? run[0] : merged(run));
    run = [];
  };
  for (const e of sorted) {
    const first = run[0];
    const joins = first !== undefined && MANY[e.key] !== undefined && newsOf(e) === newsOf(first) && e.at - first.at <= GROUP_WINDOW_MS && !run.some((o) => o.params.name === e.params.name);
    if (!joins) flush();
    run.push(e);
  }
  flush();
  return out;
}

function merged(run: readonly TimelineEntry[]): TimelineEntry {
  const { name: _name, ...params } = run[0].params;
  const error = run.every((e) => e.error === run[0].error) ? run[0].error : undefined;
  return { at: run[0].at, key: MANY[run[0].key] as MessageKey, params, tone: run[0].tone, ...(error ? { error } : {}), names: run.map((e) => e.params.name) };
}

/** All names up to this many; past it, the first ones and how many more. */
const NAMES_SHOWN = 6;

/** Fills an entry's parameters that are themselves message keys, in the reader's language. */
export function timelineParams(e: TimelineEntry, t: (key: MessageKey, params?: MessageParams) => string): MessageParams {
  const out: MessageParams = { ...e.params };
  for (const k of ['channel', 'failed', 'via'] as const) if (e.params[k]) out[k] = t(e.params[k] as MessageKey);
  if (e.params.reason) out.reason = t(e.params.reason as MessageKey, { team: e.params.team ?? '' }).trim();
  if (e.names) {
    out.count = e.names.length;
    const shown = e.names.length <= NAMES_SHOWN ? e.names : e.names.slice(0, NAMES_SHOWN - 1);
    out.names = shown.length === e.names.length ? shown.join(', ') : t('delivery.namesMore', { names: shown.join(', '), count: e.names.length - shown.length });
  }
  return out;
}
