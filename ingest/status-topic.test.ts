import { describe, expect, it } from 'vitest';
import { parseStatusMessage, statusTopic } from '../src/lib/core/process-status';
import { statusMessage } from './status-topic';

const T0 = Date.UTC(2026, 11, 8, 4, 0, 0);
const topic = statusTopic('notify', 'pantau-notify-main');
const read = (message: string) => parseStatusMessage(topic, new TextEncoder().encode(message), T0, false);

describe('statusMessage', () => {
  it('carries the counters when they fit', () => {
    const message = statusMessage('online', 60_000, T0, { delivered: 3 });
    expect(JSON.parse(message)).toEqual({ delivered: 3, state: 'online', at: T0, intervalMs: 60_000 });
    expect(read(message)).toMatchObject({ ok: true, report: { state: 'online' } });
  });

  it('leaves out counters past what the command center reads, so a running notifier with 50 long webhook URLs is still heard online', () => {
    const url = (i: number) => `https://hooks.example.org/workflows/${i}/${'a'.repeat(300)}`;
    const stat = { queued: 0, delivered: 123_456, retries: 7, gaveUp: 0, dropped: { critical: 0, warning: 0, info: 0 } };
    const counters = { webhooks: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [url(i), stat])) };
    const message = statusMessage('online', 60_000, T0, counters, { workers: 2, index: 1 });
    expect(read(message)).toEqual({ ok: true, report: { role: 'notify', id: 'pantau-notify-main', state: 'online', intervalMs: 60_000, seenAt: T0, part: { workers: 2, index: 1 } } });
    expect(JSON.parse(message)).toMatchObject({ countersOmitted: true, state: 'online' });
  });
});
