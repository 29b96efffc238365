/**
 * `npm start`: the whole command center as one supervised group.
 * MQTT_URL unset → embedded aedes broker; INFLUX_URL unset → managed influxd under ./.data;
 * then ingest, web and simulators (PANTAU_SIMULATE=0 to skip), each restarted with backoff if it dies.
 * Ctrl-C / SIGTERM stops simulators, ingest, web, influxd, broker in that order.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactUrl } from '../src/lib/core/redact-url';
import { backfillHistory, pinScenarioStart } from './backfill';
import { observeSpawns } from './lib/managed-process';
import { killAllChildren } from './lib/reaper';
import { startStack, type RunningStack } from './lib/stack';
import { stopLeftovers, takeStartLock, type StartLock } from './lib/start-lock';
import { parseStartConfig } from './lib/start-config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => console.log(`[start] ${line}`);

let stack: RunningStack | null = null;
let shuttingDown = false;
const starting = new AbortController();

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) {
    // A second Ctrl-C: stop waiting for graceful exits.
    log(`${signal} again: killing everything now`);
    killAllChildren();
    process.exit(130);
  }
  shuttingDown = true;
  if (!stack) {
    // Still starting: startStack stops what it started and main() exits.
    log(`${signal}: stopping during startup …`);
    starting.abort();
    return;
  }
  log(`${signal}: stopping simulators, ingest, web, InfluxDB, broker …`);
  await stack.stop();
  log('stopped');
  process.exit(0);
}

/**
 * One start per data dir (a second influxd on the same files loses points): refuses while another runs,
 * takes over the lock of one that died and stops what it left running. Null when refused.
 */
async function claimDataDir(dataDir: string): Promise<StartLock | null> {
  const taken = takeStartLock(dataDir);
  if (!taken.ok) {
    const { pid, url, startedAt } = taken.holder;
    console.error(
      `[start] Pantau is already running from this data dir (${dataDir}): ${url ?? 'still starting'} (pid ${pid}, since ${startedAt}).\n` +
        `[start] Open that one, or stop it first (Ctrl-C in its terminal, or kill ${pid}); a second start would share its InfluxDB and PostgreSQL files. ` +
        `To run another copy beside it, give it its own PANTAU_DATA_DIR.`
    );
    return null;
  }
  const { lock, stale } = taken;
  process.on('exit', () => lock.release());
  if (stale) {
    log(`the previous start (pid ${stale.pid}, since ${stale.startedAt}) ended without stopping: taking over its lock`);
    await stopLeftovers(stale, log);
  }
  observeSpawns({ spawned: (p) => lock.addChild(p), exited: (pid) => lock.removeChild(pid) });
  return lock;
}

async function main(): Promise<void> {
  const config = parseStartConfig(process.env, ROOT);
  const lock = await claimDataDir(config.dataDir);
  if (!lock) process.exit(1);
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // The simulator joins its storm hours in; the hours before are written to InfluxDB just before it (and ingest) start.
  const scenarioStartMs = config.simulate ? pinScenarioStart(process.env, Date.now()) : null;
  try {
    // The history goes in before ingest starts: the ingest warms its forecaster from InfluxDB at start.
    const beforeIngest = scenarioStartMs === null ? undefined : (influxUrl: string) => backfill(influxUrl, config.influxDb, scenarioStartMs);
    stack = await startStack({ root: ROOT, config, log, signal: starting.signal, beforeIngest });
  } catch (err) {
    if (starting.signal.aborted) {
      log('stopped');
      process.exit(0);
    }
    throw err;
  }
  if (starting.signal.aborted) {
    // The signal came after the last startup check: stop the group that did start.
    await stack.stop();
    log('stopped');
    process.exit(0);
  }
  lock.setUrl(stack.webUrl);
  await stack.webReady;
  if (shuttingDown) return;
  const line = '='.repeat(60);
  console.log(`\n${line}\n  Pantau is running: ${stack.webUrl}\n  MQTT ${redactUrl(stack.mqttUrl)} · InfluxDB ${redactUrl(stack.influxUrl)}\n  Ctrl-C to stop\n${line}\n`);
}

/** The longest the start waits for the history; past it the backfill goes on beside the running stack, as it once did. */
const BACKFILL_WAIT_MS = 30_000;

/** Writes the storm's past hours; a failure costs the charts and the forecaster their history, not the start. */
async function backfill(influxUrl: string, database: string, scenarioStartMs: number): Promise<void> {
  const done = backfillHistory({ root: ROOT, influxUrl, database, scenarioStartMs, untilMs: Date.now(), log }).catch((err: unknown) =>
    log(`backfill failed (charts and forecaster start empty): ${err instanceof Error ? err.message : err}`)
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(() => (log(`backfill still running after ${BACKFILL_WAIT_MS / 1000} s: starting ingest without waiting (its forecaster starts cold)`), resolve()), BACKFILL_WAIT_MS)));
  await Promise.race([done, late]);
  clearTimeout(timer);
}

main().catch((err: unknown) => {
  console.error('[start] failed:', err instanceof Error ? err.message : err);
  killAllChildren();
  process.exit(1);
});
