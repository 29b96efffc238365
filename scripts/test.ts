/**
 * `npm test`: build the web app when stale, start one private InfluxDB and one Mosquitto on free
 * loopback ports in a temp dir, run every vitest project against them, clean up, exit with vitest's code.
 * Extra arguments go to vitest (`npm test -- tests/unit`). PANTAU_SKIP_BUILD=1 skips the build step,
 * and so does a run restricted to unit tests (they never use the build).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild, testRunNeedsBuild } from './lib/build';
import { startInfluxd } from './lib/influxd';
import { startMosquitto } from './lib/mosquitto';
import { startPostgres, type PostgresHandle } from './lib/postgres';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const log = (line: string) => console.log(`[test] ${line}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  if (process.env.PANTAU_SKIP_BUILD === '1') log('PANTAU_SKIP_BUILD=1: not checking the web build');
  else if (!testRunNeedsBuild(process.argv.slice(2))) log('unit tests only: not checking the web build');
  else if (!(await ensureBuild(ROOT, log))) {
    log('the web app does not build; fix the error above (or set PANTAU_SKIP_BUILD=1 to run tests without it)');
    return 1;
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'pantau-test-run-'));
  try {
    const influx = await startInfluxd({ dataDir: path.join(tmp, 'influxdb') });
    const mosquitto = await startMosquitto({ dataDir: path.join(tmp, 'mosquitto') });
    const postgres = await startTestPostgres(tmp);
    log(`InfluxDB ${influx.url}, Mosquitto ${mosquitto.url}, PostgreSQL ${postgres ? `127.0.0.1:${postgres.port}` : 'not running'} (data in ${tmp})`);
    try {
      return await runVitest({
        PANTAU_TEST_INFLUX_URL: influx.url,
        PANTAU_TEST_MQTT_URL: mosquitto.url,
        PANTAU_TEST_MQTT_DATA_DIR: mosquitto.dataDir,
        ...(postgres ? { PANTAU_TEST_DATABASE_URL: postgres.adminUrl } : {})
      });
    } finally {
      await Promise.all([influx.stop(), mosquitto.stop(), postgres?.stop()]);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Only the registry tests need it: a PostgreSQL that does not start fails those (they say why), not the run. */
async function startTestPostgres(tmp: string): Promise<PostgresHandle | null> {
  // mkdtemp makes tmp 0700; PostgreSQL runs as the postgres user when we are root and must enter it.
  await chmod(tmp, 0o711);
  try {
    return await startPostgres({ dataDir: path.join(tmp, 'postgres') });
  } catch (err) {
    log(`PostgreSQL did not start: ${(err as Error).message.slice(0, 400)}`);
    return null;
  }
}

function runVitest(env: Record<string, string>): Promise<number> {
  const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const child = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env }
  });
  // Ctrl-C reaches vitest too (same process group); we wait for it to finish, then clean up.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.once('error', () => resolve(1));
  });
}

main().then(
  (code) => {
    log(`finished in ${elapsed()} (exit ${code})`);
    process.exit(code);
  },
  (err: unknown) => {
    console.error('[test] could not run the tests:', err instanceof Error ? err.message : err);
    log(`finished in ${elapsed()} (exit 1)`);
    process.exit(1);
  }
);
