/**
 * bench:abuse's stack: what `npm start` runs (scripts/lib/stack.ts: the embedded aedes broker with
 * its generated credentials and ACL, the managed InfluxDB with authentication, ingest and web, demo
 * users), in a temp data dir, without the simulators: the bench's own "city" publishes through the
 * simulator's credential, so it knows which gauges are in flood. The web runs as behind the
 * documented nginx proxy (ADDRESS_HEADER=x-forwarded-for, XFF_DEPTH=1), so each bench client can
 * come from an address of its own while every connection goes to 127.0.0.1.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import catalog from '../../src/lib/catalog/samarinda.json';
import { sensorTopic } from '../../src/lib/core/topic';
import { ensureLocalBrokerCredentials, type LocalBrokerCredentials } from '../../scripts/lib/broker-auth';
import { startStack, type RunningStack } from '../../scripts/lib/stack';
import { parseStartConfig } from '../../scripts/lib/start-config';
import { ROOT, sleep } from '../lib/proc';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { influxQl, seriesRows } from '../../src/lib/influx/query';

export const FLOOD_GAUGES = catalog.sensors.filter((s) => s.kind === 'flood');
/** Gauges the city keeps above Siaga 1 (Awas): each gets a real critical alert for the responder to acknowledge. */
export const FLOODED = FLOOD_GAUGES.slice(0, 24);
/** One city reading every this many ms, gauges in turn: the wall's live feed. */
const CITY_EVERY_MS = 100;

export interface AbuseStack {
  base: string;
  mqttUrl: string;
  influxUrl: string;
  dataDir: string;
  mqttUsers: LocalBrokerCredentials;
  passwords: Record<string, string>;
  kioskToken: string;
  webPid(): number;
  /** An InfluxQL SELECT on the stack's database (the managed InfluxDB wants its admin). */
  influxSelect(q: string): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

/** X-Forwarded-For as our pretend nginx sets it: `from` is the client's address. */
export const proxied = (from: string, extra: Record<string, string> = {}): Record<string, string> => ({ 'x-forwarded-for': from, ...extra });

export async function startAbuseStack(log: (m: string) => void): Promise<AbuseStack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pantau-bench-abuse-'));
  for (const k of ['MQTT_URL', 'INFLUX_URL', 'PANTAU_USERS', 'INGEST_WAL_DIR', 'PORT', 'MQTT_PORT', 'PANTAU_LIVE_MAX_CLIENTS', 'PANTAU_LIVE_MAX_PER_ADDRESS']) delete process.env[k];
  Object.assign(process.env, { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', PANTAU_SIMULATE: '0', PANTAU_DATA_DIR: dataDir });
  const config = parseStartConfig(process.env, ROOT);
  let stack: RunningStack | null = null;
  let city: MqttClient | null = null;
  try {
    stack = await startStack({ root: ROOT, config, log: (l) => log(`[start] ${l}`) });
    await stack.webReady;
    const base = stack.webUrl.replace(/\/$/, '');
    const mqttUsers = ensureLocalBrokerCredentials(dataDir);
    const secrets = JSON.parse(await readFile(path.join(dataDir, 'auth', 'demo-secrets.json'), 'utf8')) as { passwords: Record<string, string>; kioskToken: string };
    const influxUrl = stack.influxUrl;
    const influx = parseInfluxConfig({ INFLUX_URL: influxUrl, INFLUX_DB: config.influxDb, INFLUX_USERNAME: process.env.INFLUX_USERNAME, INFLUX_PASSWORD: process.env.INFLUX_PASSWORD });
    const influxSelect = async (q: string) => ((await influxQl(influx, q)).results?.[0]?.series ?? []).flatMap(seriesRows);
    city = await startCity(stack.mqttUrl, mqttUsers);
    const web = stack.children.find((c) => c.name === 'web')!;
    const running = stack;
    const cityClient = city;
    return {
      base, mqttUrl: stack.mqttUrl, influxUrl, dataDir, mqttUsers, passwords: secrets.passwords, kioskToken: secrets.kioskToken,
      webPid: () => web.pid(),
      influxSelect,
      async stop() {
        await cityClient.endAsync(true).catch(() => undefined);
        await running.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    };
  } catch (err) {
    await city?.endAsync(true).catch(() => undefined);
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** The city: every gauge in turn, the flooded ones above Siaga 1 from their first reading (no jump to reject). */
async function startCity(url: string, users: LocalBrokerCredentials): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { ...creds(users.simulator), protocolVersion: 4, clientId: 'bench-abuse-city' });
  client.on('error', () => undefined);
  let i = 0;
  const timer = setInterval(() => {
    const g = FLOOD_GAUGES[i++ % FLOOD_GAUGES.length];
    const flooded = FLOODED.includes(g);
    const level = flooded ? g.flood!.siaga1 + 30 : Math.round(g.flood!.siaga3 * 0.5);
    client.publish(sensorTopic('flood', g.id), JSON.stringify({ ts: Date.now(), values: { water_level: level + (i % 3) * 0.1, rainfall: 0 } }), { qos: 1 });
  }, CITY_EVERY_MS);
  client.once('end', () => clearInterval(timer));
  await sleep(FLOOD_GAUGES.length * CITY_EVERY_MS + 1500);
  return client;
}

export function creds(c: { username: string; password: string }): { username: string; password: string } {
  return { username: c.username, password: c.password };
}
