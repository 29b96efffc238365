/**
 * npm run rollups -- --from <ISO date or epoch ms> [--to <…, default now>]
 *
 * Fills the 1-minute and 1-hour rollups for a past range from the raw readings still kept: after an
 * upgrade from a version without rollups, a manual import of old readings, or an outage longer than
 * the continuous queries' resample window (2 hours). Uses INFLUX_* like the ingest; sets the database
 * up first (retention policies, continuous queries), idempotently.
 */
import { parseArgs } from 'node:util';
import { parseInfluxConfig } from '../src/lib/core/influx-config';
import { rebuildRollups } from '../src/lib/influx/rollups';
import { setupInflux } from '../src/lib/influx/setup';

function parseTime(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`not a time: "${text}" (ISO 8601 or epoch ms)`);
  return ms;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from) throw new Error('--from is required');
  const config = parseInfluxConfig(process.env);
  const fromMs = parseTime(values.from, 0);
  const toMs = parseTime(values.to, Date.now());
  if (fromMs >= toMs) throw new Error('--from must be before --to');
  await setupInflux(config);
  const t = Date.now();
  const points = await rebuildRollups(config, fromMs, toMs);
  console.log(`[rollups] ${config.database}: ${points} rollup points written for ${new Date(fromMs).toISOString()} … ${new Date(toMs).toISOString()} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(`[rollups] failed: ${(err as Error).message}`);
  process.exit(1);
});
