import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { journalDirFor, openDeliveryJournal } from './journal';
import { createWebhookWorker, type SendRequest } from './worker';
import { parseWebhooks } from './webhooks';
import { makeAlertEvent } from './test-support';

const [webhook] = parseWebhooks(JSON.stringify([{ url: 'https://example.test/hook', secret: 'journal-test-secret-01' }]));
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pantau-notify-journal-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function recordingSend(status: number) {
  const bodies: string[] = [];
  const send: SendRequest = async (_u, _h, body) => {
    bodies.push(body);
    return { status };
  };
  return { send, bodies };
}

describe('delivery journal', () => {
  it('replays what was appended and not committed, after a reopen', () => {
    const dir = tempDir();
    const j = openDeliveryJournal(dir);
    expect(j.replay()).toEqual([]);
    const a = j.append('{"n":1}');
    j.append('{"n":2}');
    j.commit(a);
    j.close();
    const again = openDeliveryJournal(dir);
    expect(again.replay().map((r) => r.body)).toEqual(['{"n":2}']);
    again.close();
  });

  it('refuses an append before replay (it would skip what the last run left)', () => {
    const j = openDeliveryJournal(tempDir());
    expect(() => j.append('{}')).toThrow(expect.objectContaining({ code: 'NOTIFY_JOURNAL_ORDER' }));
    j.close();
  });

  it('a worker restarted on the same journal delivers what the last one left, then nothing more', async () => {
    const dir = journalDirFor(tempDir(), webhook.url);
    const down = recordingSend(503);
    const first = createWebhookWorker({ webhook, send: down.send, maxQueue: 10, maxRetryMs: 3_600_000, backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.9, journal: openDeliveryJournal(dir), log: () => undefined });
    first.enqueue(makeAlertEvent({ at: 1 }));
    first.enqueue(makeAlertEvent({ at: 2 }));
    await new Promise((r) => setTimeout(r, 20));
    expect(await first.close()).toBe(2);

    const up = recordingSend(200);
    const logs: string[] = [];
    const second = createWebhookWorker({ webhook, send: up.send, maxQueue: 10, maxRetryMs: 3_600_000, journal: openDeliveryJournal(dir), log: (m) => logs.push(m) });
    second.enqueue(makeAlertEvent({ at: 3 }));
    await second.idle();
    expect(up.bodies.map((b) => (JSON.parse(b) as { at: number }).at)).toEqual([1, 2, 3]);
    expect(logs.join('\n')).toContain('replaying 2 undelivered');
    await second.close();

    const third = recordingSend(200);
    const w3 = createWebhookWorker({ webhook, send: third.send, maxQueue: 10, maxRetryMs: 3_600_000, journal: openDeliveryJournal(dir), log: () => undefined });
    await w3.idle();
    expect(third.bodies).toEqual([]);
    await w3.close();
  });
});
