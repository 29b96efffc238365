/**
 * bench:notify: delivery to people under an alert storm, from the sensor reading to the provider.
 * 1,000 people in PostgreSQL (one district's flood alerts each, first channel cycling Web Push /
 * WhatsApp / Telegram / email, email as fallback), the real ingest and notifier processes on a real
 * Mosquitto and InfluxDB, and local provider stand-ins (SMTP server, HTTPS push endpoint that checks
 * VAPID and decrypts every payload, fake Telegram Bot API and WhatsApp Cloud API).
 *
 * Default (`--from readings`): flood gauges over the people's districts publish readings (QoS 1);
 * during the storm window each crosses its Siaga line (every 10th to Siaga 1 = critical, the rest to
 * Siaga 3 = warning). Each DeliveryRecord is traced to its alert and the reading that raised it, and
 * reading → provider accepted is reported per channel and severity, split into reading → alert event
 * (ingest) and alert event → provider accepted (notifier). `--from events` publishes alert events
 * directly (no ingest): the notifier's share alone.
 * Also: the most messages one person got in any minute, and that no critical was held or digested.
 *
 *   npm run bench:notify -- [--people 1000] [--from readings|events] [--alerts 120] [--storm-s 60]
 *                           [--critical-every 10] [--interval-s 10] [--no-write]
 *
 * `--alerts` is the number of gauges (readings) or alert events (events).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DeliveryRecord } from '../src/lib/core/people';
import { EVENTS_RP } from '../src/lib/core/retention';
import { createPolicyStatement } from '../src/lib/core/rollup-statements';
import { startBenchStack, influxCommand } from './lib/stack';
import { gitCommit, sleep } from './lib/proc';
import { appendSectionToFile } from './lib/results-file';
import { startDeliveryStack, type DeliveryStack } from './notify/delivery-stack';
import { startEventStorm } from './notify/event-storm';
import { startReadingStorm } from './notify/reading-storm';
import { ingestLines, latencyTable, progressLine, summaryLines, type Origins } from './notify/report';
import { DISTRICTS } from './notify/seed';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    from: { type: 'string', default: 'readings' },
    alerts: { type: 'string', default: '120' },
    'storm-s': { type: 'string', default: '60' },
    'critical-every': { type: 'string', default: '10' },
    'interval-s': { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false }
  }
});
const PEOPLE = Number(args.people);
const FROM = args.from;
const ALERTS = Number(args.alerts);
const STORM_MS = Number(args['storm-s']) * 1000;
const CRITICAL_EVERY = Number(args['critical-every']);
const INTERVAL_S = Number(args['interval-s']);
const DB = 'bench_notify';
const HEADING = '## bench:notify (delivery to people under an alert storm)';
const log = (m: string) => console.log(`[bench:notify] ${m}`);

function checkArgs(): void {
  if (FROM !== 'readings' && FROM !== 'events') throw new Error('--from must be readings or events');
  if (!(PEOPLE >= DISTRICTS.length * 2) || !(ALERTS >= 1) || !(STORM_MS > 0) || !(CRITICAL_EVERY >= 0) || !(INTERVAL_S >= 1)) {
    throw new Error(`--people ≥ ${DISTRICTS.length * 2} (a primary and a backup per district), --alerts ≥ 1, --storm-s > 0, --critical-every ≥ 0, --interval-s ≥ 1`);
  }
}

/** Waits until the records stop changing and every digest window (a minute after the last hold) has closed. */
async function settle(records: readonly DeliveryRecord[]): Promise<void> {
  const lastHold = () => Math.max(0, ...records.filter((r) => r.status === 'held').map((r) => r.at));
  for (let quiet = 0; quiet < 3; ) {
    const before = records.length;
    await sleep(5_000);
    quiet = records.length === before && Date.now() - lastHold() > 62_000 ? quiet + 1 : 0;
  }
}

async function main(): Promise<void> {
  checkArgs();
  const loadAtStart = os.loadavg()[0].toFixed(1);
  log(`${PEOPLE} people, from ${FROM}: ${ALERTS} ${FROM === 'readings' ? 'gauges crossing their line' : 'alert events'} over ${STORM_MS / 1000} s (every ${CRITICAL_EVERY}th critical)`);
  const stack = await startBenchStack('pantau-bench-notify-');
  let delivery: DeliveryStack | undefined;
  let storm: Awaited<ReturnType<typeof startReadingStorm>> | undefined;
  try {
    await influxCommand(stack.influx.url, `CREATE DATABASE ${DB}`);
    await influxCommand(stack.influx.url, createPolicyStatement(DB, EVENTS_RP, 0));
    delivery = await startDeliveryStack(stack, { people: PEOPLE, db: DB, log });
    storm = FROM === 'readings'
      ? await startReadingStorm(stack, { gauges: ALERTS, criticalEvery: CRITICAL_EVERY, intervalS: INTERVAL_S, stormMs: STORM_MS, db: DB, log })
      : await startEventStorm(stack, { alerts: ALERTS, criticalEvery: CRITICAL_EVERY, stormMs: STORM_MS });
    const { records } = delivery;
    const { origins } = storm;
    const s = storm;
    const d = delivery;
    const progress = setInterval(() => log(`${s.status()} · ${progressLine(records, origins, d.providers())}`), 5_000);
    try {
      await storm.run();
      log('storm published; waiting for deliveries and digests to finish');
      await settle(records);
    } finally {
      clearInterval(progress);
    }
    report(records, origins, delivery, loadAtStart);
  } finally {
    await storm?.stop();
    await delivery?.stop();
    await stack.stop();
  }
}

function command(): string {
  const interval = FROM === 'readings' ? ` --interval-s ${INTERVAL_S}` : '';
  return `npm run bench:notify -- --people ${PEOPLE} --from ${FROM} --alerts ${ALERTS} --storm-s ${STORM_MS / 1000} --critical-every ${CRITICAL_EVERY}${interval}`;
}

function describe(): string {
  const perDistrict = Math.round(PEOPLE / DISTRICTS.length);
  const common = `each alert reaches its district's ${perDistrict} subscribers; criticals also page the district team's on-call. Latency ends when the provider stand-in accepted the message (the notifier's DeliveryRecord on MQTT; one machine, one clock); first messages only (digests apart). A critical sent by push also goes by email (both counted).`;
  if (FROM === 'events') return `From alert events: ${ALERTS} events published on MQTT (QoS 1) evenly over the storm, one district each, no ingest (the notifier's share alone); ${common}`;
  return `From readings: ${ALERTS} flood gauges (${ALERTS / DISTRICTS.length} per district, a catalog made for the run) report every ${INTERVAL_S} s on MQTT (QoS 1) through the ingest; during the ${STORM_MS / 1000}-s storm window each crosses its line once and stays over it (every ${CRITICAL_EVERY}th straight to Siaga 1 = critical, raised at once; the others to Siaga 3 = warning). Each delivery is traced to its alert (id \`<sensorId>:<rule>:<raisedAt>\`) and to the reading that raised it; ${common}`;
}

function report(records: DeliveryRecord[], origins: Origins, delivery: DeliveryStack, loadAtStart: string): void {
  const table = latencyTable(records, origins, FROM === 'readings');
  const lines = [...(FROM === 'readings' ? ingestLines(origins) : []), ...summaryLines(records, origins, delivery.providers())];
  console.log(`\n${table}\n\n${lines.join('\n')}`);
  if (args['no-write']) return;
  const entry = [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${gitCommit()}`,
    '',
    `Command: \`${command()}\` (Node ${process.version}, ${os.cpus().length} cores, load average ${loadAtStart} at the start and ${os.loadavg()[0].toFixed(1)} at the end; the ingest, notifier, Mosquitto, InfluxDB, PostgreSQL, the provider stand-ins and other helpers' work share the machine).`,
    describe(),
    '',
    table,
    '',
    ...lines
  ].join('\n');
  appendSectionToFile(path.join(process.cwd(), 'bench/RESULTS.md'), HEADING, entry);
  log('appended to bench/RESULTS.md');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`[bench:notify] failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  }
);
