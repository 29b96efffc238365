import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginOption } from 'vite';

/**
 * Three kinds of project, run one group after the other (sequence.groupOrder) in one vitest process:
 *   unit         pure logic, no services, one module cache for all its files; unit-isolated beside it holds the
 *                few files that mock a module (unitFilesMockingModules);
 *   integration  real InfluxDB/Mosquitto from `npm test` (scripts/test.ts), one file at a time;
 *   e2e          real Chromium against the production build, one file at a time, on a Mosquitto of its own
 *                (e2eServices) when `npm test` started one.
 * A plain `npm test` runs e2e in a second vitest process beside the other two (scripts/test.ts says why); vitest
 * itself cannot: a group shares one worker limit, so two one-at-a-time projects in a group still take turns.
 */

// SvelteKit's plugin gives unit tests `$lib`, `$app/*` and compiles `.svelte.ts` rune modules.
// It needs svelte.config.js, which the web app owns; without it plain TypeScript tests still run.
async function sveltePlugins(): Promise<PluginOption[]> {
  if (!existsSync('svelte.config.js')) return [];
  const { sveltekit } = await import('@sveltejs/kit/vite');
  return [sveltekit()];
}

const SERVICE_TIMEOUTS = { testTimeout: 60_000, hookTimeout: 120_000 };
/**
 * Unit files run beside the browser tests on 2 cores, where a worker stalls now and then (a 300-ms test took 2.1 s):
 * vitest's default 5 s failed tests of 2–3 s (scrypt hashes, real socket reconnects) once in a while.
 */
const UNIT_TIMEOUTS = { testTimeout: 15_000 };

/** The browser tests' broker, when `npm test` started one (else the shared one): the integration tests publish on the same topics. */
function e2eServices(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const url = env.PANTAU_TEST_E2E_MQTT_URL;
  if (!url) return {};
  return { PANTAU_TEST_MQTT_URL: url, PANTAU_TEST_MQTT_DATA_DIR: env.PANTAU_TEST_E2E_MQTT_DATA_DIR ?? '' };
}

/**
 * The soak project (minutes long) exists only when asked for by name (`npm run test:soak` =
 * `scripts/test.ts --project soak`, or a path under tests/soak): a plain `npm test` / `vitest run` never sees it.
 */
function soakRequested(argv: readonly string[] = process.argv): boolean {
  return argv.some(
    (a, i) => a === '--project=soak' || (a === '--project' && argv[i + 1] === 'soak') || a.replace(/^\.\//, '').startsWith('tests/soak')
  );
}

const CONFIG_DIR = fileURLToPath(new URL('.', import.meta.url));
const UNIT_ROOTS = ['src', 'ingest', 'simulators', 'bench', 'scripts', 'tests/unit'];
const UNIT_INCLUDE = UNIT_ROOTS.map((root) => `${root}/**/*.test.ts`);

/**
 * Unit files that replace a module (vi.mock / vi.doMock). The unit project shares one module cache across its files
 * (isolate: false: a fresh module graph per file was over half of its three minutes on 2 cores), where a mock would
 * miss a module another file had already loaded; these run apart, each with its own (project unit-isolated).
 */
function unitFilesMockingModules(): string[] {
  const found: string[] = [];
  for (const root of UNIT_ROOTS) {
    const dir = join(CONFIG_DIR, root);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      if (!name.endsWith('.test.ts') || name.split('/').includes('node_modules')) continue;
      if (/\bvi\.(do)?mock\(/.test(readFileSync(join(dir, name), 'utf8'))) found.push(`${root}/${name}`);
    }
  }
  return found;
}
const MOCKING_UNIT_FILES = unitFilesMockingModules();

/**
 * Integration files that mostly wait (team minutes, restarts, a paused InfluxDB: ~200 of the integration run's
 * ~610 s). A plain `npm test` runs them after the browser files, in that second process with the browser files'
 * broker (scripts/lib/vitest-runs.ts): the first process kept one core busy to the end while the browser run's sat
 * idle from about 6 minutes on. Any integration file can move here; each has its own InfluxDB database and PostgreSQL.
 */
const WAITING_INTEGRATION = [
  'tests/integration/alert-restore-late.test.ts',
  'tests/integration/notify-people-quiet.test.ts',
  'tests/integration/notify-people-restart-old.test.ts',
  'tests/integration/notify-people-restart-unpaged.test.ts',
  'tests/integration/notify-people-restart-lookback.test.ts'
];

export default defineConfig(async () => ({
  plugins: await sveltePlugins(),
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT_INCLUDE,
          exclude: [...configDefaults.exclude, ...MOCKING_UNIT_FILES],
          isolate: false,
          environment: 'node',
          ...UNIT_TIMEOUTS,
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: {
          name: 'unit-isolated',
          include: MOCKING_UNIT_FILES.length > 0 ? MOCKING_UNIT_FILES : ['(none)'],
          environment: 'node',
          ...UNIT_TIMEOUTS,
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...WAITING_INTEGRATION],
          fileParallelism: false,
          ...SERVICE_TIMEOUTS,
          sequence: { groupOrder: 1 }
        }
      },
      {
        extends: true,
        test: {
          name: 'integration-waiting',
          include: WAITING_INTEGRATION,
          fileParallelism: false,
          env: e2eServices(),
          ...SERVICE_TIMEOUTS,
          sequence: { groupOrder: 3 }
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          env: e2eServices(),
          ...SERVICE_TIMEOUTS,
          sequence: { groupOrder: 2 }
        }
      },
      ...(soakRequested()
        ? [
            {
              extends: true,
              test: {
                name: 'soak',
                include: ['tests/soak/**/*.test.ts'],
                fileParallelism: false,
                ...SERVICE_TIMEOUTS,
                sequence: { groupOrder: 4 }
              }
            }
          ]
        : [])
    ]
  }
}));
