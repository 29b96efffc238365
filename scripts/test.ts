/**
 * `npm test`: build the web app when stale, start one private InfluxDB, PostgreSQL and two Mosquittos on free
 * loopback ports in a temp dir, run every vitest project against them, clean up, exit with vitest's code.
 * A plain `npm test` runs the browser tests beside the others (scripts/lib/vitest-runs.ts), on a broker of their
 * own: both drive the same fixed topics (alert events, sensors), and a notifier of one must not page for the
 * other's alerts. Databases need no such split: every file makes its own (uniqueDb).
 * Extra arguments go to vitest (`npm test -- tests/unit`). PANTAU_SKIP_BUILD=1 skips the build step,
 * and so does a run restricted to unit tests (they never use the build).
 */
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild, testRunNeedsBuild } from './lib/build';
import { startInfluxd } from './lib/influxd';
import { startMosquitto } from './lib/mosquitto';
import { startPostgres, type PostgresHandle } from './lib/postgres';
import { planVitestRuns, readCounts, spawnVitest } from './lib/vitest-runs';

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
    const e2eMosquitto = await startMosquitto({ dataDir: path.join(tmp, 'mosquitto-e2e') });
    const postgres = await startTestPostgres(tmp);
    log(
      `InfluxDB ${influx.url}, Mosquitto ${mosquitto.url} (browser tests: ${e2eMosquitto.url}), ` +
        `PostgreSQL ${postgres ? `127.0.0.1:${postgres.port}` : 'not running'} (data in ${tmp})`
    );
    try {
      const env = {
        PANTAU_TEST_INFLUX_URL: influx.url,
        PANTAU_TEST_MQTT_URL: mosquitto.url,
        PANTAU_TEST_MQTT_DATA_DIR: mosquitto.dataDir,
        PANTAU_TEST_E2E_MQTT_URL: e2eMosquitto.url,
        PANTAU_TEST_E2E_MQTT_DATA_DIR: e2eMosquitto.dataDir,
        ...(postgres ? { PANTAU_TEST_DATABASE_URL: postgres.adminUrl } : {})
      };
      return await runVitest(env, tmp);
    } finally {
      await Promise.all([influx.stop(), mosquitto.stop(), e2eMosquitto.stop(), postgres?.stop()]);
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

/**
 * The runs planVitestRuns chooses, side by side: the first prints as it goes, the others into a file each, printed
 * once it ends (two live reporters would interleave line by line). One line over all at the end.
 */
async function runVitest(env: Record<string, string>, tmp: string): Promise<number> {
  const runs = planVitestRuns(process.argv.slice(2));
  const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const countsFile = path.join(tmp, 'counts.jsonl');
  if (runs.length > 1) log(`running ${runs.map((r) => r.name).join(' and, beside it, ')} (PANTAU_TEST_SERIAL=1: one after the other)`);
  const codes = await Promise.all(
    runs.map(async (run, i) => {
      const output = i === 0 ? 'inherit' : path.join(tmp, `vitest-${i}.log`);
      const code = await spawnVitest({ root: ROOT, vitest, args: run.args, env: { ...env, PANTAU_TEST_COUNTS_FILE: countsFile }, output });
      log(`${run.name}: finished at ${elapsed()} (exit ${code})`);
      return { run, code, output };
    })
  );
  for (const { run, output } of codes.slice(1)) {
    log(`--- ${run.name}: its output ---`);
    process.stdout.write(await readFile(output, 'utf8').catch(() => '(no output)\n'));
  }
  const counts = readCounts(countsFile);
  if (runs.length > 1 && counts) {
    // the first run's failures scrolled by long before: list them all again where a log's tail keeps them
    for (const failure of counts.failures) log(`FAILED ${failure}`);
    log(`all runs: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  }
  return codes.some((c) => c.code !== 0) ? Math.max(1, ...codes.map((c) => c.code)) : 0;
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
