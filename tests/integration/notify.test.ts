import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AlertEvent } from '../../src/lib/core/alert';
import { TOPICS } from '../../src/lib/core/topic';
import { verifySignature } from '../../ingest/notify/signature';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices } from '../helpers/env';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { createTempDir } from '../helpers/services';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';

const SECRET = 'notify-integration-secret';

interface Received {
  status: number;
  eventId: string;
  verified: boolean;
  event: AlertEvent;
}

/** A webhook receiver on a free loopback port that checks signatures like a real one and can fail on purpose. */
async function startReceiver(failFirst: number) {
  const received: Received[] = [];
  let failuresLeft = failFirst;
  const control = { down: false };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verifySignature(SECRET, { signature: req.headers['x-pantau-signature'] as string, timestamp: req.headers['x-pantau-timestamp'] as string }, body, Date.now());
      const status = !check.ok ? 401 : control.down || failuresLeft-- > 0 ? 503 : 204;
      received.push({ status, eventId: String(req.headers['x-pantau-event-id']), verified: check.ok, event: JSON.parse(body) as AlertEvent });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, control, close: () => new Promise((ok) => server.close(ok)) };
}

const run = `${process.pid}-${Date.now().toString(36)}`;

describe('notifier process: MQTT alert events → signed webhook with retry', () => {
  const services = readTestServices();
  const procs: SpawnedProcess[] = [];
  let tmp: Awaited<ReturnType<typeof createTempDir>>;

  beforeAll(async () => {
    tmp = await createTempDir('pantau-notify-');
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await tmp?.remove();
  });

  async function startNotifier(name: string, webhooks: unknown, env: Record<string, string> = {}): Promise<SpawnedProcess> {
    const file = path.join(tmp.dir, `${name}.json`);
    await writeFile(file, JSON.stringify(webhooks));
    const proc = await spawnProcess({
      name,
      args: ['ingest/notify/main.ts'],
      env: { MQTT_URL: services.mqttUrl, PANTAU_WEBHOOKS: file, NOTIFY_CLIENT_ID: `${name}-${run}`, NOTIFY_JOURNAL_DIR: path.join(tmp.dir, `journal-${name}`), NOTIFY_RETRY_BASE_MS: '200', NOTIFY_RETRY_CAP_MS: '1000', ...env },
      readyLine: /\[notify\] subscribed to /
    });
    procs.push(proc);
    return proc;
  }

  it('delivers a warning exactly once after two 503s, signed; an info event below minSeverity is never sent', async () => {
    const receiver = await startReceiver(2);
    try {
      await startNotifier('notify-a', [{ url: receiver.url, secret: SECRET, minSeverity: 'warning' }]);
      const info = makeAlertEvent({ severity: 'info', at: Date.now() - 1000, id: `flood-gunung-lingai:rate_of_rise:${run}` });
      const warning = makeAlertEvent({ severity: 'warning', at: Date.now() });
      // The info event goes first: were it wanted, the ordered worker would have sent it before the warning.
      expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(info))).code).toBe(0);
      expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(warning))).code).toBe(0);

      await waitFor('the warning accepted by the receiver', () => receiver.received.some((r) => r.status === 204), { timeoutMs: 20_000 });
      expect(receiver.received.map((r) => r.status)).toEqual([503, 503, 204]);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      expect(new Set(receiver.received.map((r) => r.eventId))).toEqual(new Set([`${warning.alert.id}:raised:${warning.alert.updatedAt}`]));
      expect(receiver.received[2].event).toEqual(warning);
      expect(receiver.received.some((r) => r.event.alert.severity === 'info')).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('two instances in one NOTIFY_SHARE_GROUP deliver each event once between them', async () => {
    const receiver = await startReceiver(0);
    try {
      const hooks = [{ url: receiver.url, secret: SECRET }];
      const group = `g${run.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 32);
      const a = await startNotifier('notify-share-a', hooks, { NOTIFY_SHARE_GROUP: group });
      const b = await startNotifier('notify-share-b', hooks, { NOTIFY_SHARE_GROUP: group });
      const t0 = Date.now();
      const events = Array.from({ length: 8 }, (_, i) => makeAlertEvent({ at: t0 + i, id: `flood-gunung-lingai:flood_level:${run}-${i}` }));
      for (const e of events) expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);

      await waitFor('all 8 events received', () => new Set(receiver.received.map((r) => r.eventId)).size === 8, { timeoutMs: 20_000 });
      // Stopped cleanly, each instance logs how many events it took from the broker: together exactly 8.
      await Promise.all([a.stop(), b.stop()]);
      const took = [a, b].map((p) => {
        const lines = p.logs().split('\n').filter((l) => l.includes('[notify] stats '));
        return (JSON.parse(lines.at(-1)!.split('[notify] stats ')[1]) as { received: number }).received;
      });
      expect(took[0] + took[1]).toBe(8);
      expect(receiver.received.length).toBe(8);
      expect(receiver.received.every((r) => r.verified && r.status === 204)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('a delivery queued when the notifier is killed (SIGKILL) is made after its restart, from the journal', async () => {
    const receiver = await startReceiver(0);
    receiver.control.down = true;
    try {
      const hooks = [{ url: receiver.url, secret: SECRET }];
      const first = await startNotifier('notify-crash', hooks);
      const event = makeAlertEvent({ severity: 'critical', at: Date.now(), id: `flood-gunung-lingai:flood_level:crash-${run}` });
      expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(event))).code).toBe(0);
      await waitFor('a first (refused) attempt', () => receiver.received.length > 0, { timeoutMs: 20_000 });
      await first.kill();
      procs.splice(procs.indexOf(first), 1);

      receiver.control.down = false;
      const before = receiver.received.length;
      const second = await startNotifier('notify-crash', hooks);
      // From our journal, not the broker: the killed process had acknowledged the message already.
      expect(second.logs()).toMatch(/replaying 1 undelivered event\(s\)/);
      await waitFor('the event delivered after the restart', () => receiver.received.some((r) => r.status === 204), { timeoutMs: 20_000 });
      const after = receiver.received.slice(before);
      expect(after.filter((r) => r.status === 204).map((r) => r.eventId)).toEqual([`${event.alert.id}:raised:${event.alert.updatedAt}`]);
      expect(after.every((r) => r.verified)).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
