/**
 * bench:notify `--from events`: the notifier's share alone. Alert events published straight on
 * `pantau/v1/alerts/events` (QoS 1), evenly over the storm, one district each, no ingest; an alert's
 * clock starts when the bench publishes its event.
 */
import mqtt from 'mqtt';
import type { AlertEvent } from '../../src/lib/core/alert';
import { TOPICS } from '../../src/lib/core/topic';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { sleep } from '../lib/proc';
import type { BenchStack } from '../lib/stack';
import type { AlertOrigin } from './report';
import { DISTRICTS } from './seed';

function stormEvent(i: number, at: number, criticalEvery: number): AlertEvent {
  const critical = criticalEvery > 0 && i % criticalEvery === criticalEvery - 1;
  const e = makeAlertEvent({ id: `bench-${i}:flood_level:${at}`, severity: critical ? 'critical' : 'warning', at });
  // Each round of districts starts one further on, so the criticals (every 10th) spread over all districts.
  e.alert.district = DISTRICTS[(i + Math.floor(i / DISTRICTS.length)) % DISTRICTS.length];
  return e;
}

export interface EventStorm {
  origins: Map<string, AlertOrigin>;
  status(): string;
  run(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEventStorm(stack: BenchStack, o: { alerts: number; criticalEvery: number; stormMs: number }): Promise<EventStorm> {
  const origins = new Map<string, AlertOrigin>();
  const publisher = await mqtt.connectAsync(stack.mqtt.url, { clientId: 'bench-notify-publisher' });
  let stopped = false;
  return {
    origins,
    status: () => `${origins.size}/${o.alerts} alert events published`,
    async run() {
      const start = Date.now();
      for (let i = 0; i < o.alerts && !stopped; i++) {
        await sleep(Math.max(0, start + (i * o.stormMs) / o.alerts - Date.now()));
        const e = stormEvent(i, Date.now(), o.criticalEvery);
        origins.set(e.alert.id, { severity: e.alert.severity, category: e.alert.category, rule: e.alert.rule, sensorId: e.alert.sensorId, eventAt: Date.now() });
        publisher.publish(TOPICS.alertEvents, JSON.stringify(e), { qos: 1 });
      }
    },
    async stop() {
      stopped = true;
      await publisher.endAsync().catch(() => undefined);
    }
  };
}
