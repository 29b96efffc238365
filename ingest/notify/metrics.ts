/**
 * The notifier's Prometheus metrics, read at scrape time from the notifier's and the workers' own
 * counters (app.ts, worker.ts). Webhooks are labelled by position and host only: a webhook's path or
 * query may hold its token (Slack, Teams), and metrics leave the process.
 */
import type { Registry } from 'prom-client';
import { observedCounter, observedLabelledCounter, observedLabelledGauge, sharedSnapshot } from '../../src/lib/metrics/observed';
import type { NotifierStats } from './app';
import type { WorkerStats } from './worker';
import type { Webhook } from './webhooks';

type Series = [Record<string, string>, number][];

/** `0-hooks.example.org`: unique per webhook, nothing secret. */
export function webhookLabel(webhook: Pick<Webhook, 'url'>, index: number): string {
  return `${index}-${new URL(webhook.url).host}`;
}

export function createNotifyMetrics(registry: Registry, webhooks: readonly Webhook[], read: () => NotifierStats): void {
  const stats = sharedSnapshot(read);
  const labels = webhooks.map(webhookLabel);
  /** One series per webhook from a worker counter. */
  const perWebhook = (pick: (w: WorkerStats) => number) => (): Series => {
    const s = stats().webhooks;
    return webhooks.map((w, i) => [{ webhook: labels[i] }, s[w.name] ? pick(s[w.name]) : 0]);
  };
  observedCounter(registry, 'pantau_notify_events_received_total', 'Payloads taken from the alert-event topic.', () => stats().received);
  observedCounter(registry, 'pantau_notify_events_invalid_total', 'Payloads on the alert-event topic that were not alert events.', () => stats().invalid);
  observedLabelledCounter(registry, 'pantau_notify_deliveries_total', 'Alert events the webhook accepted (2xx).', ['webhook'], perWebhook((w) => w.delivered));
  observedLabelledCounter(registry, 'pantau_notify_delivery_failures_total', 'Failed delivery attempts that were retried (network error, timeout, 5xx, 429).', ['webhook'], perWebhook((w) => w.retries));
  observedLabelledCounter(registry, 'pantau_notify_deliveries_abandoned_total', 'Deliveries given up: refused with a 4xx, or still failing after NOTIFY_MAX_RETRY_S.', ['webhook'], perWebhook((w) => w.gaveUp));
  observedLabelledCounter(registry, 'pantau_notify_deliveries_dropped_total', 'Deliveries dropped from a full queue (oldest info first), by severity.', ['webhook', 'severity'], () => {
    const s = stats().webhooks;
    return webhooks.flatMap((w, i) => Object.entries(s[w.name]?.dropped ?? {}).map(([severity, n]) => [{ webhook: labels[i], severity }, n] as Series[number]));
  });
  observedLabelledGauge(registry, 'pantau_notify_queue_depth', 'Deliveries waiting for the webhook (NOTIFY_QUEUE_MAX bounds it).', ['webhook'], perWebhook((w) => w.queued));
}
