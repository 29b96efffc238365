/**
 * Publish → stored latency: a few probe sensors (outside the load rotation) publish a reading every
 * PROBE_EVERY_MS with the publish time as ts; a poller asks InfluxDB every POLL_MS for the newest
 * stored ts of each probe, and a probe counts as stored at the first poll that sees it. Resolution:
 * the poll interval plus one query (both printed with the results).
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Sensor } from '../../src/lib/core/sensor';
import type { ReadingSource } from './readings';
import { influxSelect } from './stack';

export const PROBE_EVERY_MS = 20;
export const POLL_MS = 50;

export interface ProbeRun {
  stop(): void;
  /** Keeps polling until every probe is stored or timeoutMs passes; returns latencies (ms) and the lost count. */
  finish(timeoutMs: number): Promise<{ latencies: number[]; published: number; missing: number }>;
}

export async function createProbes(o: { mqttUrl: string; influxUrl: string; db: string; probes: readonly Sensor[]; source: ReadingSource }) {
  const client: MqttClient = await mqtt.connectAsync(o.mqttUrl, { clientId: `bench-probe-${process.pid}`, clean: true });
  const kind = o.probes[0].kind;
  const regex = `/^(${o.probes.map((p) => p.id).join('|')})$/`;
  const field = Object.keys(JSON.parse(o.source.messageFor(o.probes[0], 0).payload).values)[0];

  function start(): ProbeRun {
    const pending: Array<{ sensor: string; ts: number }> = [];
    const latencies: number[] = [];
    let published = 0;
    let last = 0;
    let j = 0;
    const timer = setInterval(() => {
      const p = o.probes[j++ % o.probes.length];
      const ts = Math.max(Date.now(), last + 1);
      last = ts;
      const m = o.source.messageFor(p, ts);
      client.publish(m.topic, m.payload, { qos: 1 });
      pending.push({ sensor: p.id, ts });
      published++;
    }, PROBE_EVERY_MS);
    let polling = true;
    const poll = async () => {
      while (polling) {
        const since = pending.length ? pending[0].ts - 1 : Date.now() - 1000;
        const rows = await influxSelect(o.influxUrl, o.db, `SELECT last(${field}) FROM ${kind} WHERE sensor =~ ${regex} AND time >= ${since}ms GROUP BY sensor`).catch(() => []);
        const now = Date.now();
        const newest = new Map(rows.map((r) => [String(r.sensor), Number(r.time)]));
        for (let k = pending.length - 1; k >= 0; k--) {
          const stored = newest.get(pending[k].sensor);
          if (stored !== undefined && stored >= pending[k].ts) {
            latencies.push(now - pending[k].ts);
            pending.splice(k, 1);
          }
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    const polled = poll();
    return {
      stop: () => clearInterval(timer),
      async finish(timeoutMs) {
        clearInterval(timer);
        const deadline = Date.now() + timeoutMs;
        while (pending.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
        polling = false;
        await polled;
        return { latencies, published, missing: pending.length };
      }
    };
  }

  return { start, close: () => client.endAsync(true) };
}
