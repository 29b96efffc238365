/**
 * npm run rollups -- --from <ISO date or epoch ms> [--to <…, default now>]
 * npm run rollups -- --follow [--every-s 300] [--from …]
 *
 * Fills the 1-minute and 1-hour rollups and the replay frames for a past range from the raw readings
 * still kept: after an upgrade from a version without rollups, a manual import of old readings, or an
 * outage longer than the continuous queries' resample window (2 hours). Uses INFLUX_* like the ingest;
 * sets the database up first (retention policies, continuous queries), idempotently.
 *
 * --follow is the replay frames job (there is no continuous query that can pack them): it builds
 * the day so far, then every `every-s` seconds rewrites the frames of the last 2 hours and the
 * current one, as far as it has gone, so a city replay reads frames up to a few minutes ago
 * (docs/retention.md).
 */
import { parseArgs } from 'node:util';
import { parseInfluxConfig, type InfluxConfig } from '../src/lib/core/influx-config';
import { rebuildRollups } from '../src/lib/influx/rollups';
import { setupInflux } from '../src/lib/influx/setup';
import { writeReplayFrames } from '../src/lib/server/replay-frames-job';

/** The continuous queries' own resample window: readings a journal ships late still reach the frames. */
const FOLLOW_BACK_MS = 2 * 3_600_000;
const DAY_MS = 86_400_000;
/** Frames are built up from the day's first hour (replay-frames-job.ts): a rebuild starts at a day boundary. */
const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

function parseTime(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`not a time: "${text}" (ISO 8601 or epoch ms)`);
  return ms;
}

async function rebuild(config: InfluxConfig, fromMs: number, toMs: number): Promise<void> {
  const t = Date.now();
  const points = await rebuildRollups(config, fromMs, toMs);
  const frames = await writeReplayFrames(config, dayStart(fromMs), toMs);
  console.log(
    `[rollups] ${config.database}: ${points} rollup points and ${frames.points} replay frame points (${frames.hours} h) written for ` +
      `${new Date(fromMs).toISOString()} … ${new Date(toMs).toISOString()} in ${((Date.now() - t) / 1000).toFixed(1)} s`
  );
}

async function follow(config: InfluxConfig, everyS: number): Promise<void> {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stopping = true));
  console.log(`[rollups] ${config.database}: writing replay frames every ${everyS} s`);
  // The first round builds the whole day so far: the day's wider frames need all its hours.
  let first = true;
  while (!stopping) {
    const t = Date.now();
    try {
      const frames = await writeReplayFrames(config, first ? dayStart(t - FOLLOW_BACK_MS) : t - FOLLOW_BACK_MS, t, t);
      first = false;
      console.log(`[rollups] replay frames: ${frames.points} points (${frames.hours} h) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } catch (err) {
      // InfluxDB away or busy: the next round writes the same hours again.
      console.error(`[rollups] replay frames not written: ${(err as Error).message}`);
    }
    const until = t + everyS * 1000;
    while (!stopping && Date.now() < until) await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, follow: { type: 'boolean', default: false }, 'every-s': { type: 'string', default: '300' } } });
  if (!values.from && !values.follow) throw new Error('--from or --follow is required');
  const everyS = Number(values['every-s']);
  if (!Number.isInteger(everyS) || everyS < 10 || everyS > 3600) throw new Error('--every-s must be an integer in 10..3600');
  const config = parseInfluxConfig(process.env);
  await setupInflux(config);
  if (values.from) {
    const fromMs = parseTime(values.from, 0);
    const toMs = parseTime(values.to, Date.now());
    if (fromMs >= toMs) throw new Error('--from must be before --to');
    await rebuild(config, fromMs, toMs);
  }
  if (values.follow) await follow(config, everyS);
}

main().catch((err) => {
  console.error(`[rollups] failed: ${(err as Error).message}`);
  process.exit(1);
});
