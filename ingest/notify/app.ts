import type { AlertEvent } from '../../src/lib/core/alert';
import type { NotifyConfig } from './config';
import { createWebhookWorker, type SendRequest, type WebhookWorker, type WorkerStats } from './worker';
import { parseAlertEvent, wantsEvent } from './webhooks';
import { journalDirFor, openDeliveryJournal } from './journal';

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
  /** Stops the workers; returns the deliveries left undone (kept in the journal when there is one). */
  close(): Promise<number>;
}

/**
 * The notifier without its MQTT client: events in, one ordered worker per webhook out. With a journal,
 * handle() returns once the event is on disk, and deliveries left from the last run are queued at once.
 */
export function createNotifier(config: NotifyConfig, send: SendRequest, log: (message: string) => void): Notifier {
  const workers = config.webhooks.map((webhook) => ({
    webhook,
    worker: createWebhookWorker({
      webhook,
      send,
      maxQueue: config.queueMax,
      maxRetryMs: config.maxRetryMs,
      backoff: { baseMs: config.retryBaseMs, capMs: config.retryCapMs },
      journal: config.journalDir ? openDeliveryJournal(journalDirFor(config.journalDir, webhook.url), config.journalFsync) : undefined,
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
