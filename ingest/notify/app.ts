import type { AlertEvent } from '../../src/lib/core/alert';
import type { NotifyConfig } from './config';
import { createWebhookWorker, type SendRequest, type WebhookWorker, type WorkerStats } from './worker';
import { parseAlertEvent, wantsEvent } from './webhooks';

export interface NotifierStats {
  received: number;
  /** Payloads on the alert topic that were not an AlertEvent. */
  invalid: number;
  webhooks: Record<string, WorkerStats>;
}

export interface Notifier {
  /** Takes one MQTT payload; returns once the event is queued for every webhook that wants it. */
  handle(payload: Buffer | string): AlertEvent | null;
  stats(): NotifierStats;
  idle(): Promise<void>;
  /** Stops the workers; returns the deliveries left undone (lost: see README, "Delivery guarantees"). */
  close(): Promise<number>;
}

/** The notifier without its MQTT client: events in, one ordered worker per webhook out. */
export function createNotifier(config: NotifyConfig, send: SendRequest, log: (message: string) => void): Notifier {
  const workers = config.webhooks.map((webhook) => ({
    webhook,
    worker: createWebhookWorker({
      webhook,
      send,
      maxQueue: config.queueMax,
      maxRetryMs: config.maxRetryMs,
      backoff: { baseMs: config.retryBaseMs, capMs: config.retryCapMs },
      log
    }) as WebhookWorker
  }));
  let received = 0;
  let invalid = 0;

  return {
    handle(payload) {
      received++;
      const event = parseAlertEvent(payload);
      if (!event) {
        // One line per hundred: a misbehaving publisher cannot flood the log.
        if (invalid++ % 100 === 0) log(`ignored ${invalid} payload(s) on the alert topic that are not alert events`);
        return null;
      }
      for (const { webhook, worker } of workers) if (wantsEvent(webhook, event)) worker.enqueue(event);
      return event;
    },
    stats: () => ({
      received,
      invalid,
      webhooks: Object.fromEntries(workers.map(({ webhook, worker }) => [webhook.name, worker.stats()]))
    }),
    async idle() {
      await Promise.all(workers.map(({ worker }) => worker.idle()));
    },
    async close() {
      const left = await Promise.all(workers.map(({ worker }) => worker.close()));
      return left.reduce((a, b) => a + b, 0);
    }
  };
}
