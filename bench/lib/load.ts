/**
 * A paced MQTT publisher for benchmarks: several connections, QoS 1, a bounded window of
 * unacknowledged publishes per connection. When every window is full the publisher falls behind
 * instead of buffering without limit; `behind` says by how many messages at the end.
 */
import mqtt, { type MqttClient } from 'mqtt';

const TICK_MS = 5;

export interface LoadPublisher {
  /** Publishes `next(i)` for i = 0, 1, … at `ratePerS` for `durationMs` (Infinity rate: as fast as the windows allow). */
  run(o: { ratePerS: number; durationMs: number; next(i: number): { topic: string; payload: string | Buffer } }): Promise<LoadResult>;
  /** Waits until every publish is acknowledged (or timeoutMs). */
  drain(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface LoadResult {
  issued: number;
  acked: number;
  /** Due but not sent when the time was up (windows full). */
  behind: number;
  elapsedMs: number;
}

export async function createLoadPublisher(o: { url: string; connections: number; windowPerConnection: number; qos?: 0 | 1; idPrefix: string }): Promise<LoadPublisher> {
  const clients: MqttClient[] = await Promise.all(
    Array.from({ length: o.connections }, (_, k) => mqtt.connectAsync(o.url, { clientId: `${o.idPrefix}-${k}`, clean: true, reconnectPeriod: 0 }))
  );
  const inFlight = new Array<number>(clients.length).fill(0);
  let acked = 0;
  const qos = o.qos ?? 1;

  async function run(r: { ratePerS: number; durationMs: number; next(i: number): { topic: string; payload: string | Buffer } }): Promise<LoadResult> {
    const start = performance.now();
    const ackedBefore = acked;
    let issued = 0;
    let rr = 0;
    let due = 0;
    while (performance.now() - start < r.durationMs) {
      const elapsed = performance.now() - start;
      due = r.ratePerS === Infinity ? issued + 2000 : Math.floor((elapsed / 1000) * r.ratePerS);
      let stuck = 0;
      while (issued < due && stuck < clients.length) {
        const k = rr++ % clients.length;
        if (inFlight[k] >= o.windowPerConnection) {
          stuck++;
          continue;
        }
        stuck = 0;
        const m = r.next(issued++);
        inFlight[k]++;
        clients[k].publish(m.topic, m.payload, { qos }, () => {
          inFlight[k]--;
          acked++;
        });
      }
      // Yield so acknowledgements are read; a full window waits for them.
      await new Promise((res) => setTimeout(res, TICK_MS));
    }
    return { issued, acked: acked - ackedBefore, behind: Math.max(0, due - issued), elapsedMs: performance.now() - start };
  }

  return {
    run,
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight.some((n) => n > 0) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true)));
    }
  };
}
