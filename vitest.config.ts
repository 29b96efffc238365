import { existsSync } from 'node:fs';
import type { PluginOption } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Three projects, run one group after the other (sequence.groupOrder) in one vitest process:
 *   unit         pure logic, files in parallel, no services;
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

export default defineConfig(async () => ({
  plugins: await sveltePlugins(),
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'ingest/**/*.test.ts',
            'simulators/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
            'tests/unit/**/*.test.ts'
          ],
          environment: 'node',
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          fileParallelism: false,
          ...SERVICE_TIMEOUTS,
          sequence: { groupOrder: 1 }
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
                sequence: { groupOrder: 3 }
              }
            }
          ]
        : [])
    ]
  }
}));
