/**
 * bench:notify: delivery to people under an alert storm. 1,000 people in PostgreSQL (one district's
 * flood alerts each, first channel cycling Web Push / WhatsApp / Telegram / email, email as fallback),
 * the real notifier process, alert events published on a real Mosquitto, and local provider stand-ins:
 * an SMTP server, an HTTPS push endpoint that checks VAPID and decrypts every payload, fake Telegram Bot
 * API and WhatsApp Cloud API servers. Measures, per channel, the time from the alert event's publish to
 * the provider accepting the message (p50/p99, from the notifier's DeliveryRecords on MQTT, same clock),
 * the most messages one person got in any minute, and that no critical message was held by a digest.
 *
 *   npm run bench:notify -- [--people 1000] [--alerts 120] [--storm-s 60] [--critical-every 10] [--no-write]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import pg from 'pg';
import webpush from 'web-push';
import type { AlertEvent } from '../src/lib/core/alert';
import type { ChannelKind, DeliveryRecord } from '../src/lib/core/people';
import { TOPICS } from '../src/lib/core/topic';
import { EVENTS_RP } from '../src/lib/core/retention';
import { createPolicyStatement } from '../src/lib/core/rollup-statements';
import { migrate, readMigrations } from '../src/lib/server/registry/migrate';
import { startPostgres } from '../scripts/lib/postgres';
import { makeAlertEvent } from '../ingest/notify/test-support';
import { startSmtpServer } from '../tests/helpers/smtp-server';
import { startPushEndpoint } from '../tests/helpers/push-endpoint';
import { startFakeTelegram } from '../tests/helpers/fake-telegram';
import { startFakeWhatsApp } from '../tests/helpers/fake-whatsapp';
import { startBenchStack, influxCommand } from './lib/stack';
import { gitCommit, percentile, sleep, spawnTsx } from './lib/proc';
import { appendSectionToFile } from './lib/results-file';
import { DISTRICTS, seedPeople } from './notify/seed';

const { values: args } = parseArgs({
  options: { people: { type: 'string', default: '1000' }, alerts: { type: 'string', default: '120' }, 'storm-s': { type: 'string', default: '60' }, 'critical-every': { type: 'string', default: '10' }, 'no-write': { type: 'boolean', default: false } }
});
const PEOPLE = Number(args.people);
const ALERTS = Number(args.alerts);
const STORM_MS = Number(args['storm-s']) * 1000;
const CRITICAL_EVERY = Number(args['critical-every']);
const DB = 'bench_notify';
const HEADING = '## bench:notify (delivery to people under an alert storm)';

function stormEvent(i: number, at: number): AlertEvent {
  const critical = CRITICAL_EVERY > 0 && i % CRITICAL_EVERY === CRITICAL_EVERY - 1;
  const e = makeAlertEvent({ id: `bench-${i}:flood_level:${at}`, severity: critical ? 'critical' : 'warning', at });
  // Each round of districts starts one further on, so the criticals (every 10th) spread over all districts.
  e.alert.district = DISTRICTS[(i + Math.floor(i / DISTRICTS.length)) % DISTRICTS.length];
  return e;
}

/** Most messages (distinct sends, not channel attempts) one person got in any 60-s window. */
function maxPerMinute(records: readonly DeliveryRecord[], include: (r: DeliveryRecord) => boolean = () => true): number {
  const byPerson = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const r of records) {
    const key = `${r.personId}|${r.alertIds.join(',')}|${r.reason}`;
    if (r.status !== 'sent' || seen.has(key) || !include(r)) continue;
    seen.add(key);
    byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r.at]);
  }
  let max = 0;
  for (const times of byPerson.values()) {
    times.sort((a, b) => a - b);
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 60_000) j++;
      max = Math.max(max, i - j + 1);
    }
  }
  return max;
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`bench:notify: ${PEOPLE} people, ${ALERTS} alert events over ${STORM_MS / 1000} s (every ${CRITICAL_EVERY}th critical)`);
  const stack = await startBenchStack('pantau-bench-notify-');
  const pgDir = await mkdtemp(path.join(os.tmpdir(), 'pantau-bench-pg-'));
  const postgres = await startPostgres({ dataDir: pgDir });
  const [smtp, push, telegram, whatsapp] = await Promise.all([startSmtpServer(), startPushEndpoint(), startFakeTelegram(), startFakeWhatsApp()]);
  const records: DeliveryRecord[] = [];
  const published = new Map<string, { at: number; critical: boolean }>();
  let notifier: Awaited<ReturnType<typeof spawnTsx>> | undefined;
  let listener: mqtt.MqttClient | undefined;
  try {
    await influxCommand(stack.influx.url, `CREATE DATABASE ${DB}`);
    await influxCommand(stack.influx.url, createPolicyStatement(DB, EVENTS_RP, 0));
    const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
    await migrate(pool, await readMigrations());
    const people = await seedPeople(pool, PEOPLE, () => push.subscribe().address);
    await pool.end();
    console.log(`  seeded ${people.length} people in PostgreSQL (${Date.now() - started} ms since start)`);

    const records$ = mqtt.connect(stack.mqtt.url, { clientId: 'bench-notify-records' });
    listener = records$;
    records$.on('message', (_t, payload) => records.push(JSON.parse(payload.toString()) as DeliveryRecord));
    await new Promise<void>((resolve, reject) => records$.once('connect', () => records$.subscribe(TOPICS.alertDeliveries, { qos: 1 }, (err) => (err ? reject(err) : resolve()))));
    const vapid = webpush.generateVAPIDKeys();
    notifier = await spawnTsx({
      name: 'notify',
      script: 'ingest/notify/main.ts',
      readyLine: /subscribed to/,
      onLine: (line) => {
        if (/failed|error|refused/i.test(line)) console.log(`  [notify] ${line}`);
      },
      env: {
        MQTT_URL: stack.mqtt.url, INFLUX_URL: stack.influx.url, INFLUX_DB: DB, DATABASE_URL: postgres.url,
        PANTAU_PUBLIC_URL: 'https://pantau.bench', PANTAU_ACK_SECRET: 'bench-ack-secret-0123456789abcdefghij', PANTAU_WEBHOOKS: '',
        NOTIFY_JOURNAL_DIR: path.join(stack.dir, 'journal'), NOTIFY_METRICS_PORT: 'off',
        SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@bench.test>',
        VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:ops@bench.test', NODE_EXTRA_CA_CERTS: push.caFile,
        TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_URL: telegram.url,
        WHATSAPP_TOKEN: whatsapp.token, WHATSAPP_PHONE_NUMBER_ID: whatsapp.phoneNumberId, WHATSAPP_API_URL: whatsapp.url
      }
    });
    const publisher = mqtt.connect(stack.mqtt.url, { clientId: 'bench-notify-publisher' });
    await new Promise<void>((resolve) => publisher.once('connect', () => resolve()));
    const progress = setInterval(() => {
      const sent = records.filter((r) => r.status === 'sent').length;
      console.log(`  ${published.size}/${ALERTS} events published · ${sent} sent, ${records.filter((r) => r.status === 'held').length} held, ${records.filter((r) => r.reason === 'digest').length} digest records · smtp ${smtp.messages.length}, push ${push.received.length}, telegram ${telegram.messages.length}, whatsapp ${whatsapp.messages.length}`);
    }, 5_000);
    const stormStart = Date.now();
    for (let i = 0; i < ALERTS; i++) {
      await sleep(Math.max(0, stormStart + (i * STORM_MS) / ALERTS - Date.now()));
      const e = stormEvent(i, Date.now());
      published.set(e.alert.id, { at: Date.now(), critical: e.alert.severity === 'critical' });
      publisher.publish(TOPICS.alertEvents, JSON.stringify(e), { qos: 1 });
    }
    publisher.end();
    // Digests go out when each person's window ends: a minute after the last message held.
    const lastHold = () => Math.max(0, ...records.filter((r) => r.status === 'held').map((r) => r.at));
    for (let quiet = 0; quiet < 3; ) {
      const before = records.length;
      await sleep(5_000);
      quiet = records.length === before && Date.now() - lastHold() > 62_000 ? quiet + 1 : 0;
    }
    clearInterval(progress);
    report(records, published, { smtp: smtp.messages.length, push: push.received.length, pushRefused: push.refused.length, telegram: telegram.messages.length, whatsapp: whatsapp.messages.length, started });
  } finally {
    listener?.end(true);
    await notifier?.stop();
    await Promise.allSettled([smtp.close(), push.close(), telegram.close(), whatsapp.close()]);
    await postgres.stop();
    await rm(pgDir, { recursive: true, force: true });
    await stack.stop();
  }
}

function report(records: DeliveryRecord[], published: Map<string, { at: number; critical: boolean }>, servers: Record<string, number>): void {
  const rows: string[] = [];
  const latency = (filter: (r: DeliveryRecord) => boolean) =>
    records.filter((r) => r.status === 'sent' && r.reason !== 'digest' && filter(r)).map((r) => r.at - (published.get(r.alertIds[0])?.at ?? r.at)).sort((a, b) => a - b);
  for (const channel of ['webpush', 'whatsapp', 'telegram', 'email'] as ChannelKind[]) {
    for (const critical of [false, true]) {
      const ms = latency((r) => r.channel === channel && (published.get(r.alertIds[0])?.critical ?? false) === critical);
      rows.push(`| ${channel} | ${critical ? 'critical' : 'warning'} | ${ms.length} | ${percentile(ms, 50)} | ${percentile(ms, 99)} | ${ms.at(-1) ?? NaN} |`);
    }
  }
  const criticalIds = new Set([...published].filter(([, p]) => p.critical).map(([id]) => id));
  const heldCritical = records.filter((r) => r.status === 'held' && r.alertIds.some((id) => criticalIds.has(id))).length;
  const digestedCritical = records.filter((r) => r.reason === 'digest' && r.alertIds.some((id) => criticalIds.has(id))).length;
  const digests = records.filter((r) => r.reason === 'digest' && r.status === 'sent');
  const digestMs = digests.map((r) => r.at - Math.min(...r.alertIds.map((id) => published.get(id)?.at ?? r.at))).sort((a, b) => a - b);
  const status = (s: string) => records.filter((r) => r.status === s).length;
  const summary = [
    `Messages to people: ${status('sent')} sent, ${status('held')} held for digests, ${digests.length} digests (oldest item to digest p50 ${percentile(digestMs, 50)} ms, max ${digestMs.at(-1) ?? NaN} ms), ${status('fallback')} fallbacks, ${status('given_up')} given up.`,
    `Most messages one person received in any minute: ${maxPerMinute(records)} in all; ${maxPerMinute(records, (r) => !r.alertIds.some((id) => criticalIds.has(id)))} not counting criticals (limit: 3 a minute, then a digest; a digest counts as one).`,
    `Critical messages held or put in a digest: ${heldCritical + digestedCritical} (of ${records.filter((r) => r.status === 'sent' && r.alertIds.some((id) => criticalIds.has(id))).length} critical deliveries).`,
    `At the providers: SMTP ${servers.smtp} mails, push ${servers.push} decrypted (${servers.pushRefused} refused), Telegram ${servers.telegram}, WhatsApp ${servers.whatsapp}.`
  ];
  const table = ['| channel | alert | deliveries | p50 ms | p99 ms | max ms |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
  console.log(`\n${table}\n\n${summary.join('\n')}`);
  if (args['no-write']) return;
  const entry = [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${gitCommit()}`,
    '',
    `Command: \`npm run bench:notify -- --people ${PEOPLE} --alerts ${ALERTS} --storm-s ${STORM_MS / 1000} --critical-every ${CRITICAL_EVERY}\` (Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end; the notifier, Mosquitto, InfluxDB, PostgreSQL and the provider stand-ins share the machine).`,
    `Alert events published on MQTT (QoS 1) evenly over the storm, one district each (each reaches that district's ${Math.round(PEOPLE / DISTRICTS.length)} subscribers; criticals also page the district team's on-call). Latency: publish → the provider accepted the message (the notifier's DeliveryRecord, same clock), first messages only (digests apart). A critical sent by push also goes by email (both counted).`,
    '',
    table,
    '',
    ...summary
  ].join('\n');
  appendSectionToFile(path.join(process.cwd(), 'bench/RESULTS.md'), HEADING, entry);
  console.log('\nappended to bench/RESULTS.md');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
