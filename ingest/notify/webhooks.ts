import { SEVERITY_RANK, type AlertCategory, type AlertEvent, type AlertEventType, type AlertSeverity } from '../../src/lib/core/alert';
import { PantauError } from '../../src/lib/core/errors';
import { webhookName } from '../../src/lib/core/redact-url';
import { check } from '../../src/lib/schemas/issues';
import { WebhooksFileSchema } from '../../src/lib/schemas/webhooks';

/** One receiver of alert events, as listed in the PANTAU_WEBHOOKS JSON file. */
export interface Webhook {
  /** For logs, stats and the MQTT status: origin and a fingerprint (webhookName), never the path or query that may hold a token. */
  name: string;
  url: string;
  secret: string;
  /** Event types delivered. */
  events: ReadonlySet<AlertEventType>;
  minSeverity: AlertSeverity;
  categories: ReadonlySet<AlertCategory>;
}

/** The PANTAU_WEBHOOKS file's text → validated webhooks; mistakes are one coded error listing each, by entry. */
export function parseWebhooks(text: string): Webhook[] {
  const checked = check(WebhooksFileSchema, text, { root: 'PANTAU_WEBHOOKS' });
  if (!checked.ok) throw new PantauError('CONFIG_PANTAU_WEBHOOKS', `invalid webhook list:\n  ${checked.errors.join('\n  ')}`);
  return checked.value.map((w) => {
    const url = new URL(w.url);
    return Object.freeze({
      name: webhookName(url.href),
      url: url.href,
      secret: w.secret,
      events: new Set(w.events),
      minSeverity: w.minSeverity,
      categories: new Set(w.categories)
    });
  });
}

export function wantsEvent(webhook: Webhook, event: AlertEvent): boolean {
  return (
    webhook.events.has(event.type) &&
    webhook.categories.has(event.alert.category) &&
    SEVERITY_RANK[event.alert.severity] >= SEVERITY_RANK[webhook.minSeverity]
  );
}

/** An MQTT payload → AlertEvent, or null for anything that does not look like one (counted by the caller). */
export { parseAlertEvent } from '../../src/lib/schemas/wire';
