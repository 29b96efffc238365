import { describe, it, expect, vi, afterEach } from 'vitest';
import { createWebhookWorker, type SendRequest } from './worker';
import { parseWebhooks } from './webhooks';
import { verifySignature } from './signature';
import { makeAlertEvent } from './test-support';

const SECRET = 'worker-test-secret-0123';
const [webhook] = parseWebhooks(JSON.stringify([{ url: 'https://example.test/hook', secret: SECRET }]));

/** A scripted receiver: answers statuses in turn (a thrown Error = network failure), records requests. */
function createScriptedSend(answers: (number | Error)[]) {
  const requests: { headers: Record<string, string>; body: string; at: number }[] = [];
  const send: SendRequest = async (_url, headers, body) => {
    requests.push({ headers, body, at: Date.now() });
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    if (answer instanceof Error) throw answer;
    return { status: answer };
  };
  return { send, requests };
}

afterEach(() => vi.useRealTimers());

describe('webhook worker', () => {
  it('retries 503 and network errors with backoff, then delivers once with a valid signature each time', async () => {
    vi.useFakeTimers({ now: 1_764_000_000_000 });
    const { send, requests } = createScriptedSend([503, new Error('ECONNREFUSED'), 200]);
    const w = createWebhookWorker({ webhook, send, maxQueue: 10, maxRetryMs: 3_600_000, backoff: { baseMs: 1000, capMs: 10_000 }, random: () => 0.5, log: () => undefined });
    w.enqueue(makeAlertEvent());
    await vi.advanceTimersByTimeAsync(0);
    expect(requests.length).toBe(1);
    await vi.advanceTimersByTimeAsync(500); // attempt 0 backoff: 0.5 × 1000
    expect(requests.length).toBe(2);
    await vi.advanceTimersByTimeAsync(1000); // attempt 1: 0.5 × 2000
    expect(requests.length).toBe(3);
    await w.idle();
    expect(w.stats()).toMatchObject({ delivered: 1, retries: 2, gaveUp: 0, queued: 0 });
    for (const r of requests) {
      expect(verifySignature(SECRET, { signature: r.headers['x-pantau-signature'], timestamp: r.headers['x-pantau-timestamp'] }, r.body, r.at)).toEqual({ ok: true });
      expect(r.headers['x-pantau-event-id']).toBe(requests[0].headers['x-pantau-event-id']);
    }
  });

  it('waits at least the backoff when the receiver says `Retry-After: 0`', async () => {
    vi.useFakeTimers({ now: 1_764_000_000_000 });
    const requests: number[] = [];
    const send: SendRequest = async () => (requests.push(Date.now()), requests.length < 4 ? { status: 503, retryAfter: '0' } : { status: 200 });
    const w = createWebhookWorker({ webhook, send, maxQueue: 10, maxRetryMs: 3_600_000, backoff: { baseMs: 1000, capMs: 10_000 }, random: () => 0.5, log: () => undefined });
    w.enqueue(makeAlertEvent());
    await vi.advanceTimersByTimeAsync(100);
    expect(requests.length).toBe(1); // was a hot loop: hundreds of requests a second
    await vi.advanceTimersByTimeAsync(10_000);
    await w.idle();
    expect(requests.length).toBe(4);
    expect(requests[1] - requests[0]).toBe(500); // attempt 0 backoff: 0.5 × 1000
    expect(requests[2] - requests[1]).toBe(1000);
  });

  it('gives up at once on 400 and goes on with the next event', async () => {
    const { send, requests } = createScriptedSend([400, 204]);
    const logs: string[] = [];
    const w = createWebhookWorker({ webhook, send, maxQueue: 10, maxRetryMs: 3_600_000, log: (m) => logs.push(m) });
    w.enqueue(makeAlertEvent({ at: 1 }));
    w.enqueue(makeAlertEvent({ at: 2 }));
    await w.idle();
    expect(requests.length).toBe(2);
    expect(w.stats()).toMatchObject({ delivered: 1, gaveUp: 1, retries: 0 });
    expect(logs.join('\n')).toMatch(/gave up on .*:raised:1 .*HTTP 400/);
  });

  it('gives up (and logs) once the retry time is used up', async () => {
    vi.useFakeTimers({ now: 0 });
    const { send, requests } = createScriptedSend([503]);
    const logs: string[] = [];
    const w = createWebhookWorker({ webhook, send, maxQueue: 10, maxRetryMs: 60_000, backoff: { baseMs: 1000, capMs: 8000 }, random: () => 0.99, log: (m) => logs.push(m) });
    w.enqueue(makeAlertEvent());
    await vi.advanceTimersByTimeAsync(120_000);
    await w.idle();
    expect(w.stats()).toMatchObject({ delivered: 0, gaveUp: 1 });
    // Waits 990, 1980, 3960, then 7920 each: the last try happens before 60 s.
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.at(-1)!.at).toBeLessThanOrEqual(60_000);
    expect(logs.at(-1)).toMatch(/gave up .* HTTP 503/);
  });

  it('delivers in arrival order and counts queue overflow', async () => {
    vi.useFakeTimers({ now: 0 });
    const { send, requests } = createScriptedSend([503, 200]);
    const logs: string[] = [];
    const w = createWebhookWorker({ webhook, send, maxQueue: 2, maxRetryMs: 3_600_000, backoff: { baseMs: 1000, capMs: 1000 }, random: () => 0, log: (m) => logs.push(m) });
    // The first is in flight (outside the queue); of the next three only two fit: the info one goes.
    w.enqueue(makeAlertEvent({ at: 1, severity: 'critical' }));
    w.enqueue(makeAlertEvent({ at: 2, severity: 'info' }));
    w.enqueue(makeAlertEvent({ at: 3, severity: 'warning' }));
    w.enqueue(makeAlertEvent({ at: 4, severity: 'critical' }));
    await vi.advanceTimersByTimeAsync(10);
    await w.idle();
    const ats = requests.map((r) => (JSON.parse(r.body) as { at: number }).at);
    expect(ats).toEqual([1, 1, 3, 4]);
    expect(w.stats().dropped).toEqual({ info: 1, warning: 0, critical: 0 });
    expect(logs.some((l) => /dropped info .*:raised:2/.test(l))).toBe(true);
  });

  it('close() interrupts a retry wait and reports what is left undone', async () => {
    const { send } = createScriptedSend([503]);
    const w = createWebhookWorker({ webhook, send, maxQueue: 10, maxRetryMs: 3_600_000, backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.9, log: () => undefined });
    w.enqueue(makeAlertEvent({ at: 1 }));
    w.enqueue(makeAlertEvent({ at: 2 }));
    await new Promise((r) => setTimeout(r, 20));
    expect(await w.close()).toBe(2);
  });
});
