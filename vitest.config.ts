import { existsSync } from 'node:fs';
import type { PluginOption } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Three projects, run one group after the other (sequence.groupOrder):
 *   unit         pure logic, files in parallel, no services;
 *   integration  real InfluxDB/Mosquitto from `npm test` (scripts/test.ts), one file at a time;
 *   e2e          real Chromium against the production build, one file at a time.
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
