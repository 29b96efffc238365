#!/usr/bin/env node
/**
 * Exits 3 (with what to do) when the data dir's start.lock names a live `npm start` of this checkout.
 * scripts/ensure-deps.sh asks before it runs `npm ci`: that deletes node_modules, and a running stack's
 * supervised restarts would then fail to load their modules.
 *
 * Plain Node without dependencies: it runs before node_modules exists, so it cannot load the TypeScript
 * of scripts/lib/start-lock.ts. It repeats isSameProcess of ingest/process-alive.ts: the pid must be
 * alive and still run the recorded command line (and start, when recorded); a reused pid is no start.
 *   node scripts/running-start.mjs start|test
 */
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function read(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** `<boot id>/<start ticks>` as ingest/process-alive.ts processStart, or null. */
function processStart(pid) {
  const stat = read(`/proc/${pid}/stat`);
  const boot = read('/proc/sys/kernel/random/boot_id')?.trim();
  if (!stat || !boot) return null;
  const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  return Number.isInteger(ticks) ? `${boot}/${ticks}` : null;
}

function isSameProcess(record) {
  if (!isAlive(record.pid)) return false;
  const now = read(`/proc/${record.pid}/cmdline`);
  if (now === null) return read('/proc/self/cmdline') === null; // no /proc: alive is all we can tell
  if (now.replace(/\0$/, '') !== record.cmdline.join('\0')) return false;
  const started = typeof record.started === 'string' ? processStart(record.pid) : null;
  return started === null || started === record.started;
}

/** A start of another checkout sharing the data dir does not use our node_modules. */
function runsHere(pid) {
  try {
    return realpathSync(readlinkSync(`/proc/${pid}/cwd`)) === realpathSync(ROOT);
  } catch {
    return true; // another user's process, or no /proc: assume ours
  }
}

function holder() {
  const dataDir = path.resolve(ROOT, process.env.PANTAU_DATA_DIR || '.data');
  const text = read(path.join(dataDir, 'start.lock'));
  if (text === null) return null;
  let record;
  try {
    record = JSON.parse(text);
  } catch {
    return null;
  }
  const valid = record && Number.isInteger(record.pid) && record.pid > 0 && Array.isArray(record.cmdline);
  return valid && isSameProcess(record) && runsHere(record.pid) ? record : null;
}

const mode = process.argv[2] === 'test' ? 'test' : 'start';
let running = null;
try {
  running = holder();
} catch {
  // a check that cannot run must not keep anyone from installing
}
if (running) {
  const where = [running.url ?? 'still starting', `pid ${running.pid}`, running.startedAt ? `since ${running.startedAt}` : null].filter(Boolean).join(', ');
  console.error(
    `[deps] Pantau is running from this checkout (${where}).\n` +
      `[deps] node_modules is missing or older than package-lock.json, and \`npm ci\` would delete it under the running stack ` +
      `(its restarts would then fail to load their modules).\n` +
      `[deps] Stop the running Pantau first (Ctrl-C in its terminal, or kill ${running.pid}), then run \`npm ${mode}\` again.`
  );
  process.exit(3);
}
