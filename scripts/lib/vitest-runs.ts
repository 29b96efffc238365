/**
 * How `npm test` runs vitest: one process for a run narrowed by arguments, two side by side for the whole suite.
 *
 * Why two: the integration and browser files each run one at a time, and most of an integration file's time is
 * waiting (team minutes, restarts, outages) while a browser file mostly draws. One vitest process cannot overlap
 * them: a sequence group has one worker limit, so two one-at-a-time projects in it still take turns. Run one after
 * the other they were ~14 of `npm test`'s minutes on 2 cores. The browser files have a broker of their own
 * (vitest.config.ts e2eServices): both publish on the same topics.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface VitestRun {
  /** Said in the log: which run this is. */
  name: string;
  args: string[];
}

/** The runs for these arguments: the whole suite in two (unit then integration; e2e then the waiting integration files beside them), else as given. */
export function planVitestRuns(args: readonly string[], env: NodeJS.ProcessEnv = process.env): VitestRun[] {
  if (args.length > 0 || env.PANTAU_TEST_SERIAL === '1') return [{ name: 'vitest', args: [...args] }];
  return [
    { name: 'unit + integration', args: ['--project', 'unit', '--project', 'unit-isolated', '--project', 'integration'] },
    // the integration files that mostly wait go after the browser files: that run's core is idle by then (vitest.config.ts)
    { name: 'browser (e2e), then waiting integration files', args: ['--project', 'e2e', '--project', 'integration-waiting'] }
  ];
}

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** One line per failure, `file > test: message` (tests/helpers/summary-reporter.ts). */
  failures: string[];
}

/** The counts the summary reporter appended (one JSON line per vitest process), summed, failures listed; null if none came. */
export function sumCounts(text: string): TestCounts | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const total: TestCounts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const line of lines) {
    const c = JSON.parse(line) as Partial<TestCounts>;
    total.passed += c.passed ?? 0;
    total.failed += c.failed ?? 0;
    total.skipped += c.skipped ?? 0;
    if (Array.isArray(c.failures)) total.failures.push(...c.failures.map(String));
  }
  return total;
}

/** Reads the counts file, null when absent or unreadable (a run that crashed before its summary). */
export function readCounts(file: string): TestCounts | null {
  try {
    return sumCounts(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export interface SpawnVitestOptions {
  root: string;
  vitest: string;
  args: string[];
  env: Record<string, string | undefined>;
  /** 'inherit' prints as it goes; a path collects the output there (printed later, so two runs do not interleave). */
  output: 'inherit' | string;
}

/** One vitest process; resolves with its exit code. Ctrl-C / SIGTERM reach it too. */
export function spawnVitest(opts: SpawnVitestOptions): Promise<number> {
  const fd = opts.output === 'inherit' ? null : openSync(opts.output, 'w');
  const child = spawn(process.execPath, [opts.vitest, 'run', ...opts.args], {
    cwd: opts.root,
    stdio: fd === null ? 'inherit' : ['ignore', fd, fd],
    env: { ...process.env, ...opts.env }
  });
  if (fd !== null) closeSync(fd);
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    const done = (code: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    child.once('error', () => done(1));
  });
}
