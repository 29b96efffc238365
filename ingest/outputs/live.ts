/**
 * Coalesces live readings: only the newest per sensor survives until the next publish, so the
 * command center receives at most one batch per interval whatever the input rate. Memory is
 * bounded by the number of sensors that reported within one interval. Generic so the ingest can
 * hold plain readings and label only the survivors when it publishes.
 */
export function createLiveCoalescer<T extends { sensorId: string; ts: number }>(publish: (batch: T[]) => void) {
  let latest = new Map<string, T>();
  return {
    offer(r: T): void {
      const prev = latest.get(r.sensorId);
      if (!prev || prev.ts <= r.ts) latest.set(r.sensorId, r);
    },
    /** Publishes what accumulated since the last call; returns how many readings went out. */
    drain(): number {
      if (latest.size === 0) return 0;
      const batch = [...latest.values()];
      latest = new Map();
      publish(batch);
      return batch.length;
    }
  };
}
