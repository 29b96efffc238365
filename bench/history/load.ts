/**
 * Bulk load for bench:history: batches from data.ts POSTed to /write (the raw readings to the default
 * policy, rollups to theirs) with a few requests in flight, and a progress line every few seconds.
 */
import { influxWritePath, type InfluxConfig } from '../../src/lib/core/influx-config';
import { rollupSpec } from '../../src/lib/core/retention';
import type { Batch } from './data';

export interface LoadProgress {
  lines: number;
  total: number;
  elapsedS: number;
}

async function post(config: InfluxConfig, batch: Batch): Promise<void> {
  let path = influxWritePath(config);
  if (batch.target !== 'raw') path += `&rp=${encodeURIComponent(rollupSpec(batch.target).rp)}`;
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(config.url + path, { method: 'POST', body: batch.lines.join('\n') });
    if (res.status === 204) return;
    const text = (await res.text()).slice(0, 300);
    // A busy InfluxDB (cache full, timeout) answers 5xx: wait and send the same batch again.
    if (res.status < 500 || attempt >= 5) throw new Error(`InfluxDB write ${res.status}: ${text}`);
    await new Promise((r) => setTimeout(r, 1000 * attempt));
  }
}

export async function loadBatches(
  config: InfluxConfig,
  batches: Iterable<Batch>,
  total: number,
  concurrency: number,
  onProgress: (p: LoadProgress) => void
): Promise<LoadProgress> {
  const started = Date.now();
  let lines = 0;
  let lastReport = 0;
  const inFlight = new Set<Promise<void>>();
  const progress = (): LoadProgress => ({ lines, total, elapsedS: (Date.now() - started) / 1000 });
  for (const batch of batches) {
    const p: Promise<void> = post(config, batch).then(() => {
      lines += batch.lines.length;
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      onProgress(progress());
    }
  }
  await Promise.all(inFlight);
  return progress();
}
