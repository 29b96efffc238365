/**
 * The delivery side of bench:notify: PostgreSQL with N seeded people, the local provider stand-ins
 * (an SMTP server, an HTTPS push endpoint that checks VAPID and decrypts every payload, fake Telegram
 * Bot API and WhatsApp Cloud API servers), the real notifier process, and a listener collecting its
 * DeliveryRecords from `pantau/v1/alerts/deliveries`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import webpush from 'web-push';
import type { DeliveryRecord } from '../../src/lib/core/people';
import { TOPICS } from '../../src/lib/core/topic';
import { migrate, readMigrations } from '../../src/lib/server/registry/migrate';
import { startPostgres } from '../../scripts/lib/postgres';
import { startSmtpServer } from '../../tests/helpers/smtp-server';
import { startPushEndpoint } from '../../tests/helpers/push-endpoint';
import { startFakeTelegram } from '../../tests/helpers/fake-telegram';
import { startFakeWhatsApp } from '../../tests/helpers/fake-whatsapp';
import type { BenchStack } from '../lib/stack';
import { spawnTsx } from '../lib/proc';
import { seedPeople } from './seed';

export interface ProviderCounts {
  smtp: number;
  push: number;
  pushRefused: number;
  telegram: number;
  whatsapp: number;
}

export interface DeliveryStack {
  records: DeliveryRecord[];
  providers(): ProviderCounts;
  stop(): Promise<void>;
}

type Closer = () => Promise<unknown>;

async function stopAll(closers: Closer[]): Promise<void> {
  // Reverse order of start: the notifier before the services it talks to, the data dir last.
  for (const close of [...closers].reverse()) await close().catch(() => undefined);
}

export async function startDeliveryStack(stack: BenchStack, o: { people: number; db: string; log(m: string): void }): Promise<DeliveryStack> {
  const parts: Closer[] = [];
  const pgDir = await mkdtemp(path.join(os.tmpdir(), 'pantau-bench-pg-'));
  parts.push(() => rm(pgDir, { recursive: true, force: true }));
  try {
    const postgres = await startPostgres({ dataDir: pgDir });
    parts.push(() => postgres.stop());
    const [smtp, push, telegram, whatsapp] = await Promise.all([startSmtpServer(), startPushEndpoint(), startFakeTelegram(), startFakeWhatsApp()]);
    parts.push(() => Promise.allSettled([smtp.close(), push.close(), telegram.close(), whatsapp.close()]));
    const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
    await migrate(pool, await readMigrations());
    const people = await seedPeople(pool, o.people, () => push.subscribe().address);
    await pool.end();
    o.log(`seeded ${people.length} people in PostgreSQL`);

    const records: DeliveryRecord[] = [];
    const listener = await mqtt.connectAsync(stack.mqtt.url, { clientId: 'bench-notify-records' });
    parts.push(() => listener.endAsync(true));
    listener.on('message', (_t, payload) => records.push(JSON.parse(payload.toString()) as DeliveryRecord));
    await listener.subscribeAsync(TOPICS.alertDeliveries, { qos: 1 });
    const vapid = webpush.generateVAPIDKeys();
    const notifier = await spawnTsx({
      name: 'notify',
      script: 'ingest/notify/main.ts',
      readyLine: /subscribed to/,
      onLine: (line) => {
        if (/failed|error|refused/i.test(line)) o.log(`[notify] ${line}`);
      },
      env: {
        MQTT_URL: stack.mqtt.url, INFLUX_URL: stack.influx.url, INFLUX_DB: o.db, DATABASE_URL: postgres.url,
        PANTAU_PUBLIC_URL: 'https://pantau.bench', PANTAU_ACK_SECRET: 'bench-ack-secret-0123456789abcdefghij', PANTAU_WEBHOOKS: '',
        NOTIFY_JOURNAL_DIR: path.join(stack.dir, 'journal'), NOTIFY_METRICS_PORT: 'off',
        SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@bench.test>',
        VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:ops@bench.test', NODE_EXTRA_CA_CERTS: push.caFile,
        TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_URL: telegram.url,
        WHATSAPP_TOKEN: whatsapp.token, WHATSAPP_PHONE_NUMBER_ID: whatsapp.phoneNumberId, WHATSAPP_API_URL: whatsapp.url
      }
    });
    parts.push(() => notifier.stop());
    return {
      records,
      providers: () => ({ smtp: smtp.messages.length, push: push.received.length, pushRefused: push.refused.length, telegram: telegram.messages.length, whatsapp: whatsapp.messages.length }),
      stop: () => stopAll(parts)
    };
  } catch (err) {
    await stopAll(parts);
    throw err;
  }
}
