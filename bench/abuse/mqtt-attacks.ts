/**
 * bench:abuse's MQTT attacks: an anonymous client (and one with made-up credentials) tries to read
 * everything and to publish a forged live reading, alert, resolve and gauge reading; the simulator's
 * credential (a stolen sensor key) tries the topics only the ingest and the web may write. What they
 * achieved is measured, not assumed: observers holding the web's and the ingest's credentials count
 * every forged message the broker delivered.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { TOPICS, TOPIC_ROOT, sensorTopic } from '../../src/lib/core/topic';
import type { LocalBrokerCredentials } from '../../scripts/lib/broker-auth';
import { sleep } from '../lib/proc';
import { creds, FLOODED } from './stack';

/** A value no city reading has: seeing it anywhere means a forgery got through. */
export const FORGED_LEVEL = 999.25;
export const FORGED_MARK = 'bench-abuse-forged';
const DELIVERY_WAIT_MS = 1200;

export interface BrokerTarget {
  name: string;
  url: string;
  protocolVersion: 4 | 5;
  users: LocalBrokerCredentials;
}

type Auth = { username: string; password: string } | null;

/** Connects, or says why the broker refused. Never retries. */
async function tryConnect(t: BrokerTarget, auth: Auth, id: string): Promise<MqttClient | string> {
  try {
    const client = await mqtt.connectAsync(t.url, { ...(auth ?? {}), protocolVersion: t.protocolVersion, clientId: `${FORGED_MARK}-${id}-${process.pid}`, reconnectPeriod: 0, connectTimeout: 4000 });
    client.on('error', () => undefined);
    return client;
  } catch (err) {
    return `connect refused (${(err as Error).message.replace(/^Connection refused: /, '')})`;
  }
}

/** Observers with the web's and the ingest's credentials: everything forged the broker delivered. */
export async function startObservers(t: BrokerTarget) {
  let forged = 0;
  const clients: MqttClient[] = [];
  for (const [who, topics] of [[t.users.web, [TOPICS.live, TOPICS.alertEvents]], [t.users.ingest, [`${TOPIC_ROOT}/sensors/#`]]] as const) {
    const c = await mqtt.connectAsync(t.url, { ...creds(who), protocolVersion: t.protocolVersion, clientId: `bench-abuse-observer-${who.role}-${t.name}` });
    c.on('message', (_topic, payload) => {
      if (payload.includes(FORGED_MARK) || payload.includes(String(FORGED_LEVEL))) forged++;
    });
    await c.subscribeAsync([...topics], { qos: 1 });
    clients.push(c);
  }
  return { forged: () => forged, close: () => Promise.all(clients.map((c) => c.endAsync(true))) };
}

export function forgedAlert(id: string, at: number): Alert {
  const g = FLOODED[0];
  return {
    id, sensorId: g.id, sensorName: g.name, kind: 'flood', district: g.district, rule: 'flood_level', category: 'emergency', severity: 'critical', level: 1,
    title: { id: 'Siaga 1', en: 'Level 1' }, explanation: { id: FORGED_MARK, en: FORGED_MARK }, action: { id: 'EVAKUASI SEKARANG (palsu)', en: 'EVACUATE NOW (forged)' },
    value: FORGED_LEVEL, state: 'raised', raisedAt: at, updatedAt: at, comments: []
  };
}

export interface MqttAttack {
  name: string;
  /** What it publishes: topic and payload (null: only subscribes to '#'). */
  message(now: number, realAlert: Alert | undefined): { topic: string; payload: string } | null;
  /** Whose credential it uses (null: anonymous). */
  auth(users: LocalBrokerCredentials): Auth;
}

const anon = () => null;

export const MQTT_ATTACKS: MqttAttack[] = [
  { name: "anonymous subscribe to '#'", auth: anon, message: () => null },
  { name: "made-up credentials subscribe to '#'", auth: () => ({ username: 'sari', password: 'guess-guess' }), message: () => null },
  {
    name: 'anonymous forged live reading (Awas)', auth: anon,
    message: (now) => ({ topic: TOPICS.live, payload: JSON.stringify([{ sensorId: FLOODED[0].id, kind: 'flood', ts: now, values: { water_level: FORGED_LEVEL } }]) })
  },
  {
    name: 'anonymous forged alert event', auth: anon,
    message: (now) => ({ topic: TOPICS.alertEvents, payload: JSON.stringify({ type: 'raised', at: now, by: 'pantau', alert: forgedAlert(`${FORGED_MARK}-1`, now) } satisfies AlertEvent) })
  },
  {
    name: 'anonymous forged resolve of a real alert', auth: anon,
    message: (now, real) => {
      const alert = { ...(real ?? forgedAlert(`${FORGED_MARK}-2`, now)), state: 'resolved' as const, updatedAt: now, explanation: { id: FORGED_MARK, en: FORGED_MARK } };
      return { topic: TOPICS.alertEvents, payload: JSON.stringify({ type: 'resolved', at: now, by: 'sari', alert } satisfies AlertEvent) };
    }
  },
  {
    name: 'anonymous reading as a real gauge', auth: anon,
    message: (now) => ({ topic: sensorTopic('flood', FLOODED[0].id), payload: JSON.stringify({ ts: now, values: { water_level: FORGED_LEVEL, rainfall: 0 } }) })
  },
  {
    name: "sensor key: forged live reading", auth: (u) => creds(u.simulator),
    message: (now) => ({ topic: TOPICS.live, payload: JSON.stringify([{ sensorId: FLOODED[0].id, kind: 'flood', ts: now, values: { water_level: FORGED_LEVEL } }]) })
  },
  {
    name: 'sensor key: forged alert event', auth: (u) => creds(u.simulator),
    message: (now) => ({ topic: TOPICS.alertEvents, payload: JSON.stringify({ type: 'raised', at: now, by: 'pantau', alert: forgedAlert(`${FORGED_MARK}-3`, now) } satisfies AlertEvent) })
  }
];

/** Runs one attack; the result says what the attacker got from the broker itself. */
export async function runMqttAttack(t: BrokerTarget, a: MqttAttack, observers: { forged(): number }, realAlert?: Alert): Promise<{ achieved: string; nothing: boolean }> {
  const before = observers.forged();
  const client = await tryConnect(t, a.auth(t.users), a.name.replace(/\W+/g, '-'));
  if (typeof client === 'string') return { achieved: client, nothing: true };
  try {
    const m = a.message(Date.now(), realAlert);
    if (!m) {
      let received = 0;
      client.on('message', () => received++);
      const granted = await client.subscribeAsync('#', { qos: 0 }).then((g) => g.map((x) => x.qos).join(','), (e: Error) => `error ${e.message}`);
      await sleep(2000);
      return { achieved: `connected; SUBACK ${granted}; ${received} messages in 2 s`, nothing: received === 0 };
    }
    const puback = await Promise.race([client.publishAsync(m.topic, m.payload, { qos: 1 }).then(() => 'PUBACK', (e: Error) => `refused (${e.message})`), sleep(3000).then(() => 'no PUBACK, connection dropped')]);
    await sleep(DELIVERY_WAIT_MS);
    const delivered = observers.forged() - before;
    return { achieved: `connected; ${puback}; delivered to ${delivered} subscriber(s)`, nothing: delivered === 0 };
  } finally {
    await client.endAsync(true).catch(() => undefined);
  }
}
