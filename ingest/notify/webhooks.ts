import {
  ALERT_CATEGORIES, ALERT_EVENT_TYPES, ALERT_SEVERITIES, SEVERITY_RANK,
  type AlertCategory, type AlertEvent, type AlertEventType, type AlertSeverity
} from '../../src/lib/core/alert';
import { PantauError } from '../../src/lib/core/errors';

/** One receiver of alert events, as listed in the PANTAU_WEBHOOKS JSON file. */
export interface Webhook {
  /** For logs: the URL without its query (which may carry a token). */
  name: string;
  url: string;
  secret: string;
  /** Event types delivered. */
  events: ReadonlySet<AlertEventType>;
  minSeverity: AlertSeverity;
  categories: ReadonlySet<AlertCategory>;
}

/** Every alert event type but `stepped`: a ticked procedure step is the command center's bookkeeping, not news for a receiver. */
export const EVENT_TYPES: readonly AlertEventType[] = ALERT_EVENT_TYPES.filter((t) => t !== 'stepped');
/** A short secret can be guessed offline from one signed request. */
export const MIN_SECRET_LENGTH = 16;
const MAX_WEBHOOKS = 50;

function fail(index: number, message: string): never {
  throw new PantauError('CONFIG_PANTAU_WEBHOOKS', `PANTAU_WEBHOOKS[${index}]: ${message}`);
}

function parseList<T extends string>(raw: unknown, allowed: readonly T[], fallback: readonly T[], index: number, key: string): Set<T> {
  if (raw === undefined) return new Set(fallback);
  if (!Array.isArray(raw) || raw.length === 0) fail(index, `${key} must be a non-empty array`);
  for (const v of raw) if (!allowed.includes(v as T)) fail(index, `${key} has "${String(v).slice(0, 40)}", allowed: ${allowed.join(', ')}`);
  return new Set(raw as T[]);
}

function parseWebhook(raw: unknown, index: number): Webhook {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(index, 'must be an object');
  const w = raw as Record<string, unknown>;
  let url: URL;
  try {
    url = new URL(String(w.url));
  } catch {
    fail(index, 'url is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(index, 'url must be http(s)');
  if (typeof w.secret !== 'string' || w.secret.length < MIN_SECRET_LENGTH) fail(index, `secret must be a string of at least ${MIN_SECRET_LENGTH} characters`);
  const minSeverity = w.minSeverity ?? 'info';
  if (!ALERT_SEVERITIES.includes(minSeverity as AlertSeverity)) fail(index, `minSeverity must be one of ${ALERT_SEVERITIES.join(', ')}`);
  return Object.freeze({
    name: `${url.origin}${url.pathname}`,
    url: url.href,
    secret: w.secret,
    events: parseList(w.events, EVENT_TYPES, EVENT_TYPES, index, 'events'),
    minSeverity: minSeverity as AlertSeverity,
    // Maintenance alerts go to engineers and never page anyone unless a webhook asks for them.
    categories: parseList<AlertCategory>(w.categories, ALERT_CATEGORIES, ['emergency'], index, 'categories')
  });
}

/** The PANTAU_WEBHOOKS file's text → validated webhooks; any mistake is a coded error naming the entry. */
export function parseWebhooks(text: string): Webhook[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PantauError('CONFIG_PANTAU_WEBHOOKS', `PANTAU_WEBHOOKS is not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new PantauError('CONFIG_PANTAU_WEBHOOKS', 'PANTAU_WEBHOOKS must hold a JSON array');
  if (raw.length > MAX_WEBHOOKS) throw new PantauError('CONFIG_PANTAU_WEBHOOKS', `at most ${MAX_WEBHOOKS} webhooks`);
  return raw.map(parseWebhook);
}

export function wantsEvent(webhook: Webhook, event: AlertEvent): boolean {
  return (
    webhook.events.has(event.type) &&
    webhook.categories.has(event.alert.category) &&
    SEVERITY_RANK[event.alert.severity] >= SEVERITY_RANK[webhook.minSeverity]
  );
}

/** An MQTT payload → AlertEvent, or null for anything that does not look like one (counted by the caller). */
export { parseAlertEvent } from '../../src/lib/core/alert';
