/**
 * bench:abuse's Socket.IO attacks on the command center: the alerts:since flood (web memory, bytes
 * sent) and the anonymous crowd that used to lock responders and the kiosk out. All to 127.0.0.1,
 * each client "from" an address of its own through the pretend proxy, bounded in count and time.
 */
import mqtt from 'mqtt';
import type { AlertEvent } from '../../src/lib/core/alert';
import { TOPICS } from '../../src/lib/core/topic';
import catalog from '../../src/lib/catalog/samarinda.json';
import { rssBytes, sleep } from '../lib/proc';
import { creds, type AbuseStack } from './stack';
import { connect, login, type Client } from './watch';
import type { AttackResult } from './http-attacks';

const SINCE_SOCKETS = 5;
const SINCE_REQUESTS = 200;
const CROWD = 220;
const CROWD_PARALLEL = 20;
const ATTACK_LIMIT_MS = 25_000;
const MB = 1024 * 1024;

/** A day's worth of alert events in the web's ring (info-level, so nobody mistakes them for floods). */
export async function fillAlertRing(s: AbuseStack, count: number): Promise<void> {
  const client = await mqtt.connectAsync(s.mqttUrl, { ...creds(s.mqttUsers.ingest), protocolVersion: 4, clientId: 'bench-abuse-ring-fill' });
  const air = catalog.sensors.filter((x) => x.kind === 'air');
  const at = Date.now() - 3_600_000;
  for (let i = 0; i < count; i++) {
    const g = air[i % air.length];
    const event: AlertEvent = {
      type: 'raised', at: at + i, by: 'pantau',
      alert: {
        id: `${g.id}:statistical:fill${i}`, sensorId: g.id, sensorName: g.name, kind: 'air', district: g.district, rule: 'statistical', category: 'emergency',
        severity: 'info', level: 1, title: { id: 'Tidak biasa', en: 'Unusual' }, explanation: { id: 'x'.repeat(400), en: 'y'.repeat(400) },
        action: { id: 'pantau', en: 'watch' }, value: 1, state: 'raised', raisedAt: at + i, updatedAt: at + i, comments: []
      }
    };
    await client.publishAsync(TOPICS.alertEvents, JSON.stringify(event), { qos: 1 });
  }
  await client.endAsync();
}

const within = <T>(p: Promise<T>, ms: number, fallback: T) => Promise.race([p, sleep(ms).then(() => fallback)]);

/** Anonymous sockets asking alerts:since(0) as fast as they can. */
export async function sinceFlood(s: AbuseStack): Promise<AttackResult> {
  const pid0 = s.webPid();
  const rss0 = rssBytes(pid0);
  const sockets = await Promise.all(Array.from({ length: SINCE_SOCKETS }, (_, i) => connect(s.base, `198.51.100.${30 + i}`)));
  let bytes = 0;
  let answered = 0;
  let asked = 0;
  const run = sockets.filter((x) => x.snapshot).map(async ({ client }) => {
    const replies = await Promise.all(Array.from({ length: SINCE_REQUESTS }, async () => {
      asked++;
      try {
        return await client.timeout(5000).emitWithAck('alerts:since', 0);
      } catch {
        return [];
      }
    }));
    for (const r of replies) {
      bytes += JSON.stringify(r).length;
      if (r.length > 0) answered++;
    }
  });
  await within(Promise.all(run), ATTACK_LIMIT_MS, undefined);
  for (const x of sockets) x.client.close();
  await sleep(500);
  const pid1 = s.webPid();
  const rss1 = pid1 > 0 ? rssBytes(pid1) : 0;
  const crashed = pid1 !== pid0;
  return {
    achieved: `${asked} requests from ${SINCE_SOCKETS} sockets: ${answered} answered, ${(bytes / MB).toFixed(2)} MB received; web RSS ${(rss0 / MB).toFixed(0)} → ${(rss1 / MB).toFixed(0)} MB${crashed ? '; WEB RESTARTED' : ''}`,
    nothing: !crashed && bytes < 10 * MB && rss1 < rss0 + 200 * MB
  };
}

/** 220 anonymous sockets from as many addresses, then a responder and a kiosk. */
export async function crowd(s: AbuseStack): Promise<AttackResult> {
  const crowdSockets: Client[] = [];
  let accepted = 0;
  let refused = 0;
  const deadline = Date.now() + ATTACK_LIMIT_MS;
  for (let i = 0; i < CROWD && Date.now() < deadline; i += CROWD_PARALLEL) {
    const batch = await Promise.all(Array.from({ length: Math.min(CROWD_PARALLEL, CROWD - i) }, (_, j) => connect(s.base, `10.66.${Math.floor((i + j) / 250)}.${(i + j) % 250}`)));
    for (const b of batch) {
      crowdSockets.push(b.client);
      if (b.snapshot) accepted++;
      else refused++;
    }
  }
  const { cookie } = await login(s.base, '192.0.2.31', 'sari', s.passwords.sari);
  const responder = await connect(s.base, '192.0.2.31', { cookie: cookie ?? '' });
  const kiosk = await connect(s.base, '192.0.2.32', { cookie: `pantau_kiosk=${s.kioskToken}` });
  const lockedOut = [responder.snapshot ? null : `responder (${responder.refused})`, kiosk.snapshot ? null : `kiosk (${kiosk.refused})`].filter(Boolean);
  for (const c of [...crowdSockets, responder.client, kiosk.client]) c.close();
  return {
    achieved: `${accepted} anonymous sockets in, ${refused} refused; ${lockedOut.length ? `LOCKED OUT: ${lockedOut.join(', ')}` : 'responder and kiosk got in'}`,
    nothing: lockedOut.length === 0
  };
}
