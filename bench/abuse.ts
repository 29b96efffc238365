/**
 * bench:abuse: the attacks of issue 12 against a running stack on loopback (`npm start`'s own: aedes
 * with generated credentials and ACL, the managed InfluxDB with authentication, demo users; see
 * bench/abuse/stack.ts), then the MQTT attacks again against the managed Mosquitto with the same
 * users and ACL. Prints what each attack achieved (goal: nothing) and, throughout, whether the wall
 * kept receiving live batches and a responder could acknowledge a real alert (socket and HTTP in
 * turn). Appends the table to bench/RESULTS.md under "## bench:abuse" unless --no-write.
 *
 *   npm run bench:abuse [-- --no-write]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeMosquittoAuth } from '../scripts/lib/broker-auth';
import { startMosquitto } from '../scripts/lib/mosquitto';
import { forgeryEffects, future2100 } from './abuse/effects';
import { auditSpam, lockout, loginFlood, logoutReuse, nextControl, originScheme, type AttackResult } from './abuse/http-attacks';
import { MQTT_ATTACKS, runMqttAttack, startObservers, type BrokerTarget } from './abuse/mqtt-attacks';
import { crowd, fillAlertRing, sinceFlood } from './abuse/socket-attacks';
import { FLOODED, startAbuseStack, type AbuseStack } from './abuse/stack';
import { startResponder, startWallWatcher } from './abuse/watch';
import { appendSectionToFile } from './lib/results-file';
import { gitCommit, ROOT, sleep } from './lib/proc';

const RESULTS_FILE = path.join(ROOT, 'bench', 'RESULTS.md');
const HEADING = '## bench:abuse';
/** A responder acts this long into each attack, while it runs. */
const ACT_AFTER_MS = 300;
const RING_FILL = 500;
const log = (m: string) => console.log(`[bench:abuse] ${m}`);

interface Row {
  attack: string;
  target: string;
  result: AttackResult;
  wall: string;
  responder: string;
}

type Wall = Awaited<ReturnType<typeof startWallWatcher>>;
type Responder = Awaited<ReturnType<typeof startResponder>>;

/** Runs one attack on the full stack while the responder acknowledges an alert; the wall's batches in that window. */
async function underAttack(rows: Row[], attack: string, wall: Wall, responder: Responder, run: () => Promise<AttackResult>): Promise<void> {
  const via = rows.length % 2 === 0 ? 'socket' : 'http';
  const t0 = Date.now();
  const [result, act] = await Promise.all([run(), sleep(ACT_AFTER_MS).then(() => responder.acknowledge(via))]);
  const w = wall.window(t0, Date.now());
  const row = { attack, target: 'aedes stack', result, wall: `${w.batches} batches, max gap ${w.maxGapMs} ms`, responder: act.ok ? `acted (${act.via}, ${act.ms} ms)` : `FAILED (${act.via})` };
  log(`${attack}: ${result.achieved} | wall ${row.wall} | responder ${row.responder}`);
  rows.push(row);
}

async function stackAttacks(s: AbuseStack, rows: Row[]): Promise<void> {
  const wall = await startWallWatcher(s.base, s.kioskToken);
  const responder = await startResponder(s.base, s.passwords.sari);
  const deadline = Date.now() + 30_000;
  while (responder.raisedCritical() < FLOODED.length - 2 && Date.now() < deadline) await sleep(250);
  log(`${responder.raisedCritical()} real critical alerts raised by the ingest for the responder`);
  try {
    const since = Date.now();
    const target = responder.alerts().find((a) => a.state === 'raised' && a.severity === 'critical');
    const t: BrokerTarget = { name: 'aedes', url: s.mqttUrl, protocolVersion: 4, users: s.mqttUsers };
    const observers = await startObservers(t);
    for (const a of MQTT_ATTACKS) await underAttack(rows, `MQTT: ${a.name}`, wall, responder, () => runMqttAttack(t, a, observers, target));
    await observers.close();
    await underAttack(rows, 'MQTT forgeries: effect on wall, APIs, CAP, InfluxDB', wall, responder, () => forgeryEffects(s, wall, since, target?.id));
    await underAttack(rows, 'live reading dated 2100 (sensor key)', wall, responder, () => future2100(s, wall));
    await fillAlertRing(s, RING_FILL);
    await underAttack(rows, `alerts:since(0) flood (${RING_FILL} events in the ring)`, wall, responder, () => sinceFlood(s));
    await underAttack(rows, '220 anonymous sockets, then a responder and a kiosk', wall, responder, () => crowd(s));
    await underAttack(rows, 'login flood: 256 made-up names at once', wall, responder, () => loginFlood(s));
    await underAttack(rows, '8 wrong passwords for sari from one address', wall, responder, () => lockout(s));
    await underAttack(rows, 'logout, then reuse the cookie', wall, responder, () => logoutReuse(s, target?.id ?? 'none'));
    await underAttack(rows, '300 anonymous forbidden actions', wall, responder, () => auditSpam(s));
    await underAttack(rows, '`next` with control characters', wall, responder, () => nextControl(s));
    await underAttack(rows, 'Origin with the wrong scheme', wall, responder, () => originScheme(s));
  } finally {
    wall.close();
    responder.close();
  }
}

/** The MQTT attacks against the managed Mosquitto, with npm start's users and ACL (broker only: what it delivers). */
async function mosquittoAttacks(s: AbuseStack, rows: Row[]): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pantau-bench-abuse-mosquitto-'));
  const extraConfig = writeMosquittoAuth(path.join(dir, 'auth'), s.mqttUsers.all);
  const m = await startMosquitto({ dataDir: path.join(dir, 'data'), extraConfig });
  try {
    const t: BrokerTarget = { name: 'mosquitto', url: m.url, protocolVersion: 5, users: s.mqttUsers };
    const observers = await startObservers(t);
    for (const a of MQTT_ATTACKS) {
      const result = await runMqttAttack(t, a, observers);
      log(`mosquitto: ${a.name}: ${result.achieved}`);
      rows.push({ attack: `MQTT: ${a.name}`, target: 'Mosquitto', result, wall: '—', responder: '—' });
    }
    await observers.close();
  } finally {
    await m.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function formatSection(rows: Row[], command: string, seconds: number): string {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const cell = (x: string) => x.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `### ${when} UTC · commit ${gitCommit()}`,
    '',
    `Command: \`${command}\` (${seconds.toFixed(0)} s; ${process.version}; every client on 127.0.0.1, "from" its own address through X-Forwarded-For as the documented nginx sets it).`,
    '',
    '| attack | against | what it achieved | nothing? | wall meanwhile | responder meanwhile |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.attack)} | ${r.target} | ${cell(r.result.achieved)} | ${r.result.nothing ? 'yes' : '**NO**'} | ${r.wall} | ${cell(r.responder)} |`),
    '',
    `${rows.filter((r) => r.result.nothing).length}/${rows.length} attacks achieved nothing. "wall": live batches a kiosk's socket received during the attack and the longest time without one; ` +
      '"responder": sari acknowledging a different real critical alert (raised by the ingest from the bench\'s flooded gauges) during each attack, over Socket.IO and HTTP in turn ' +
      '(a comment when none is left to acknowledge). ' +
      'Mosquitto rows: the broker alone, observers with the web\'s and the ingest\'s credentials count what it delivered.',
    ''
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'no-write': { type: 'boolean', default: false } } });
  const t0 = Date.now();
  log('starting the stack (npm start\'s: aedes with credentials and ACL, InfluxDB with authentication, ingest, web) …');
  const s = await startAbuseStack(log);
  const rows: Row[] = [];
  try {
    await stackAttacks(s, rows);
    await mosquittoAttacks(s, rows);
  } finally {
    await s.stop();
  }
  const command = `npm run bench:abuse${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`;
  const section = formatSection(rows, command, (Date.now() - t0) / 1000);
  console.log('\n' + section);
  if (!values['no-write']) {
    appendSectionToFile(RESULTS_FILE, HEADING, section);
    log(`appended to ${path.relative(ROOT, RESULTS_FILE)}`);
  }
  const failedActs = rows.filter((r) => r.responder.startsWith('FAILED')).length;
  return rows.every((r) => r.result.nothing) && failedActs === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('[bench:abuse] failed:', err instanceof Error ? err.stack : err);
    process.exit(1);
  }
);
