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

/**
 * The most one live message carries. The command center drops a live message past 4 MiB or 20,000 readings
 * whole (src/lib/server/mqtt-feed.ts, live-state.ts): a window holding every sensor of a large city (10,000
 * sensors, a third of them gauges with their forecasts: ≈ 5 MB), after a stall or in a catch-up, lost every
 * update in it. Smaller messages also keep each parse on the web short.
 */
export const LIVE_MESSAGE_MAX_BYTES = 1024 * 1024;
export const LIVE_MESSAGE_MAX_READINGS = 5_000;

/** JSON texts → JSON arrays of them, each within the bounds (a single larger item goes alone). */
export function packJsonArrays(items: readonly string[], maxBytes = LIVE_MESSAGE_MAX_BYTES, maxItems = LIVE_MESSAGE_MAX_READINGS): string[] {
  const messages: string[] = [];
  let open: string[] = [];
  let bytes = 2; // the brackets
  for (const item of items) {
    const size = Buffer.byteLength(item) + 1; // and its comma
    if (open.length > 0 && (bytes + size > maxBytes || open.length >= maxItems)) {
      messages.push(`[${open.join(',')}]`);
      open = [];
      bytes = 2;
    }
    open.push(item);
    bytes += size;
  }
  if (open.length > 0) messages.push(`[${open.join(',')}]`);
  return messages;
}
