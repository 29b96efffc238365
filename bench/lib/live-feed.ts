/**
 * bench:live --direct: stands in for an ingest that keeps up, so the command center's own latency can be
 * measured at a rate the ingest of this machine does not reach. Every `intervalMs` it publishes, on the
 * live topic, the LiveReadings due since the last batch (sensors in turn, at most one per sensor), each
 * stamped with the moment it fell due: the same spread of ages the ingest's coalescing gives them.
 */
import mqtt from 'mqtt';
import { TOPICS } from '../../src/lib/core/topic';
import type { LiveReading } from '../../src/lib/core/reading';
import { stateAtSeverity } from '../../src/lib/core/state-fixtures';
import type { ReadingSource } from './readings';

export interface LiveFeed {
  run(o: { ratePerS: number; durationMs: number }): Promise<{ issued: number; elapsedMs: number }>;
  close(): Promise<void>;
}

export async function createLiveFeed(url: string, source: ReadingSource, intervalMs: number): Promise<LiveFeed> {
  const client = await mqtt.connectAsync(url, { clientId: `bench-live-feed-${process.pid}`, clean: true, reconnectPeriod: 0 });
  // One template per sensor; only ts changes per batch.
  const templates: Omit<LiveReading, 'ts'>[] = source.sensors.map((s) => ({
    sensorId: s.id,
    kind: s.kind,
    values: (JSON.parse(source.messageFor(s, 0).payload) as { values: Record<string, number> }).values,
    district: s.district,
    severity: 0,
    state: stateAtSeverity(s.kind, 0)
  }));
  let next = 0;

  /** `count` readings, sensors in turn, due evenly over (from, to]. */
  function batch(count: number, from: number, to: number): LiveReading[] {
    return Array.from({ length: count }, (_, k) => ({ ...templates[next++ % templates.length], ts: Math.round(from + ((k + 1) * (to - from)) / count) }));
  }

  return {
    async run({ ratePerS, durationMs }) {
      const start = Date.now();
      let last = start;
      let issued = 0;
      while (last - start < durationMs) {
        await new Promise((res) => setTimeout(res, Math.max(0, last + intervalMs - Date.now())));
        const now = Date.now();
        // At most one reading per sensor per batch, as after the ingest's coalescing.
        const count = Math.min(templates.length, Math.floor(((now - start) / 1000) * ratePerS) - issued);
        if (count > 0) client.publish(TOPICS.live, JSON.stringify(batch(count, last, now)), { qos: 0 });
        issued += Math.max(0, count);
        last = now;
      }
      return { issued, elapsedMs: Date.now() - start };
    },
    close: () => client.endAsync()
  };
}
