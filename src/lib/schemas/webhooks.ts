/**
 * The PANTAU_WEBHOOKS file: a JSON array of receivers of alert events. Checked whole at the
 * notifier's start; every problem is listed with its entry's index (issues.ts).
 */
import * as v from 'valibot';
import { ALERT_CATEGORIES, ALERT_EVENT_TYPES, ALERT_SEVERITIES, type AlertCategory, type AlertEventType } from '../core/alert';
import { jsonObject, jsonText, listOf } from './common';

/** Every alert event type but `stepped`: a ticked procedure step is the command center's bookkeeping, not news for a receiver. */
export const WEBHOOK_EVENT_TYPES: readonly AlertEventType[] = ALERT_EVENT_TYPES.filter((t) => t !== 'stepped');
/** A short secret can be guessed offline from one signed request. */
export const MIN_SECRET_LENGTH = 16;
export const MAX_WEBHOOKS = 50;
/** Maintenance alerts go to engineers and never page anyone unless a webhook asks for them. */
const DEFAULT_CATEGORIES: readonly AlertCategory[] = ['emergency'];

const httpUrl = v.pipe(
  v.string('must be an http(s) URL'),
  v.check((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL')
);

const secret = v.pipe(v.string(`must be a string of at least ${MIN_SECRET_LENGTH} characters`), v.minLength(MIN_SECRET_LENGTH, `must be a string of at least ${MIN_SECRET_LENGTH} characters`));

function nonEmptySubset<T extends string>(allowed: readonly T[], fallback: readonly T[]) {
  const item = v.picklist(allowed, `must list only ${allowed.join(', ')}`);
  return v.optional(listOf(item, 'must be a non-empty array', { min: 1, max: allowed.length * 4 }), () => [...fallback]);
}

export const WebhookSchema = jsonObject(
  {
    url: httpUrl,
    secret,
    events: nonEmptySubset(WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPES),
    minSeverity: v.optional(v.picklist(ALERT_SEVERITIES, `must be one of ${ALERT_SEVERITIES.join(', ')}`), 'info'),
    categories: nonEmptySubset(ALERT_CATEGORIES, DEFAULT_CATEGORIES)
  },
  'must be an object'
);

/** The file's text (JSON) → its entries with defaults filled in. */
export const WebhooksFileSchema = jsonText(listOf(WebhookSchema, 'must hold a JSON array', { max: MAX_WEBHOOKS }));
