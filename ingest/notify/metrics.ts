/**
 * The notifier's Prometheus metrics, read at scrape time from the notifier's and the workers' own
 * counters (app.ts, worker.ts). Webhooks are labelled by position and host only: a webhook's path or
 * query may hold its token (Slack, Teams), and metrics leave the process.
 */
import type { Registry } from 'prom-client';
import { observedCounter, observedGauge, observedLabelledCounter, observedLabelledGauge, sharedSnapshot } from '../../src/lib/metrics/observed';
import type { NotifierStats } from './app';
import type { WorkerStats } from './worker';
import type { Webhook } from './webhooks';
import type { PeopleDelivery } from './people/service';

type PeopleDeliveryStats = ReturnType<PeopleDelivery['stats']>;

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

/** Delivery to people (people/service.ts): deliveries by channel and status, digests, escalation steps. */
export function createPeopleMetrics(registry: Registry, read: () => PeopleDeliveryStats): void {
  const stats = sharedSnapshot(read);
  observedLabelledCounter(registry, 'pantau_notify_people_deliveries_total', 'Delivery attempts to people, by channel and status (sent, failed = will retry, fallback, given_up, held for a digest, quiet = not sent for quiet hours, unknown = cut by a crash).', ['channel', 'status'], () =>
    Object.entries(stats().deliveries).map(([key, n]) => {
      const [channel, status] = key.split('.');
      return [{ channel, status }, n] as Series[number];
    })
  );
  observedCounter(registry, 'pantau_notify_people_digests_total', 'Digests sent (messages held back in a storm, sent as one).', () => stats().digests);
  observedCounter(registry, 'pantau_notify_people_critical_passed_total', 'Critical messages that went straight through a person\'s storm window (never held).', () => stats().criticalPassed);
  observedLabelledCounter(registry, 'pantau_notify_people_escalations_total', 'Escalation steps taken for unacknowledged critical alerts, by step.', ['step'], () =>
    Object.entries(stats().escalation.steps).map(([step, n]) => [{ step }, n] as Series[number])
  );
  observedCounter(registry, 'pantau_notify_people_unreachable_total', 'Recipients with no usable channel.', () => stats().unreachable);
  // A rota gap is found only when a critical alert needs the role: worth a page of its own.
  observedCounter(registry, 'pantau_notify_people_nobody_on_call_total', 'Escalation steps due with nobody holding the role (a gap in a team\'s rota), and critical emergencies no team covers (nobody paged at all).', () => stats().nobodyOnCall);
  observedCounter(registry, 'pantau_notify_people_messages_dropped_total', 'Non-critical messages dropped from a full delivery queue.', () => stats().pool.dropped);
  observedCounter(registry, 'pantau_notify_people_records_dropped_total', 'Delivery records not stored: InfluxDB away longer than the record queue holds.', () => stats().records.dropped);
  observedGauge(registry, 'pantau_notify_people_escalations_open', 'Critical alerts whose escalation chain is running.', () => stats().escalation.open);
  observedGauge(registry, 'pantau_notify_people_queue_depth', 'Messages to people waiting for a delivery slot.', () => stats().pool.queued);
  observedGauge(registry, 'pantau_notify_people_directory_version', 'Version of the people directory the notifier routes with.', () => stats().directoryVersion);
}
