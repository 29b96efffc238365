/**
 * Where a forgery that got past the broker would show on `npm start`'s stack: the wall (a forged
 * level on a live batch), /api/alerts and the public CAP feed (a forged alert or instruction), the
 * real alert a forged resolve targeted, and InfluxDB (a forged gauge reading stored). Also the
 * reading dated 2100 sent with a sensor's own key: rejected, or freezing the sensor and /api/health?
 */
import mqtt from 'mqtt';
import { sensorTopic } from '../../src/lib/core/topic';
import { sleep } from '../lib/proc';
import { FORGED_LEVEL, FORGED_MARK } from './mqtt-attacks';
import { creds, FLOODED, proxied, type AbuseStack } from './stack';
import type { AttackResult } from './http-attacks';
import type { startWallWatcher } from './watch';

type Wall = Awaited<ReturnType<typeof startWallWatcher>>;
const YEAR_2100 = Date.UTC(2100, 0, 1);

async function getText(s: AbuseStack, path: string): Promise<string> {
  return (await fetch(`${s.base}${path}`, { headers: proxied('192.0.2.50') })).text();
}

/** After the MQTT attacks on aedes: did any forgery reach the wall, the APIs, the CAP feed or InfluxDB? */
export async function forgeryEffects(s: AbuseStack, wall: Wall, since: number, resolvedTarget: string | undefined): Promise<AttackResult> {
  const alerts = await getText(s, '/api/alerts?state=all');
  const cap = await getText(s, '/api/cap/alerts.xml');
  const parsed = JSON.parse(alerts) as { alerts?: Array<{ id: string; state: string }> } | Array<{ id: string; state: string }>;
  const list = Array.isArray(parsed) ? parsed : (parsed.alerts ?? []);
  const target = resolvedTarget ? list.find((a) => a.id === resolvedTarget) : undefined;
  const stored = await s.influxSelect(`SELECT COUNT(water_level) FROM flood WHERE water_level = ${FORGED_LEVEL}`);
  const found = {
    wall: wall.shown(since, (r) => r.values.water_level === FORGED_LEVEL),
    api: alerts.includes(FORGED_MARK) || alerts.includes('palsu') ? 1 : 0,
    cap: cap.includes(FORGED_MARK) || cap.includes('palsu') ? 1 : 0,
    stored: Number(stored[0]?.count ?? 0),
    resolved: target?.state === 'resolved' ? 1 : 0
  };
  return {
    achieved: `forged level on the wall ${found.wall}×, forged alert in /api/alerts ${found.api}, in the CAP feed ${found.cap}, forged reading stored ${found.stored}×, real alert resolved ${found.resolved} (it is ${target?.state ?? 'not listed'})`,
    nothing: Object.values(found).every((n) => n === 0)
  };
}

/** A gauge's own key sends a reading dated 2100 (a sensor with a broken clock, or a forger with its key). */
export async function future2100(s: AbuseStack, wall: Wall): Promise<AttackResult> {
  const since = Date.now();
  const client = await mqtt.connectAsync(s.mqttUrl, { ...creds(s.mqttUsers.simulator), protocolVersion: 4, clientId: 'bench-abuse-2100' });
  await client.publishAsync(sensorTopic('flood', FLOODED[1].id), JSON.stringify({ ts: YEAR_2100, values: { water_level: 60, rainfall: 0 } }), { qos: 1 });
  await client.endAsync();
  await sleep(2000);
  const onWall = wall.shown(since, (r) => r.ts > Date.now() + 86_400_000);
  const health = (await (await fetch(`${s.base}/api/health`, { headers: proxied('192.0.2.50') })).json()) as { lastReadingAt: number };
  const healthAhead = health.lastReadingAt > Date.now() + 60_000;
  const stored = await s.influxSelect(`SELECT COUNT(water_level) FROM flood WHERE time > now() + 1d`);
  const n = Number(stored[0]?.count ?? 0);
  // Frozen would mean the wall keeps the 2100 value and ignores the gauge's next (current) reading.
  const sent = Date.now();
  const current = () => wall.shown(sent, (r) => r.sensorId === FLOODED[1].id && r.ts >= sent - 1000 && r.ts < Date.now() + 60_000);
  for (let i = 0; i < 50 && current() === 0; i++) await sleep(100);
  const frozen = current() === 0;
  return {
    achieved: `on the wall ${onWall}×, stored ${n}×, /api/health last reading ${healthAhead ? 'IN 2100' : 'now'}; the gauge's next reading shown: ${frozen ? 'NO (frozen)' : 'yes'}`,
    nothing: onWall === 0 && n === 0 && !healthAhead && !frozen
  };
}
