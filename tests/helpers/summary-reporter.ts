import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Adds the outcome after the default reporter, so CI and people can read it from the tail of the log: one line per
 * failure (file, test, the error's first line), then `N passed, N failed` (plus skipped when any). CI may keep only
 * the tail, and a failure's own report scrolls far above it. With PANTAU_TEST_COUNTS_FILE set (scripts/test.ts,
 * running two vitest processes) the counts and failures are also appended there as a JSON line, for one list over both.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let skipped = 0;
    const failures: string[] = [];
    for (const mod of testModules) {
      const listedBefore = failures.length;
      // A file that fails to import, or a hook that fails (beforeAll in a describe: the error is the suite's), is
      // listed besides its tests: the tests it kept from running count as skipped, not failed.
      for (const err of mod.errors()) failures.push(failureLine(mod.relativeModuleId, '(the file)', err));
      for (const suite of mod.children.allSuites()) {
        for (const err of suite.errors()) failures.push(failureLine(mod.relativeModuleId, `${suite.fullName} (a hook)`, err));
      }
      if (mod.state() === 'failed' && failures.length === listedBefore && !hasFailedTest(mod)) failures.push(failureLine(mod.relativeModuleId, '(the file)', undefined));
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed += 1;
        else if (result.state === 'failed') failures.push(failureLine(mod.relativeModuleId, test.fullName, result.errors?.[0]));
        else skipped += 1;
      }
    }
    for (const err of unhandledErrors) failures.push(failureLine('(outside any test)', 'unhandled error', err));
    const failed = failures.length;
    const extra = skipped > 0 ? `, ${skipped} skipped` : '';
    const list = failures.map((f) => `FAILED ${f}\n`).join('');
    process.stdout.write(`\n${list}${passed} passed, ${failed} failed${extra}\n`);
    const countsFile = process.env.PANTAU_TEST_COUNTS_FILE;
    if (countsFile) appendFileSync(countsFile, `${JSON.stringify({ passed, failed, skipped, failures })}\n`);
  }
}

const MESSAGE_CHARS = 240;

/** `file > test: first line of the error`, the message cut short: the full report is above. */
export function failureLine(file: string, test: string, error: unknown): string {
  const raw = error && typeof error === 'object' && 'message' in error ? String((error as { message: unknown }).message) : String(error ?? 'no error given');
  const first = raw.split('\n').find((l) => l.trim() !== '') ?? raw;
  const message = first.length > MESSAGE_CHARS ? `${first.slice(0, MESSAGE_CHARS - 1)}…` : first;
  return `${file} > ${test}: ${message.trim()}`;
}

function hasFailedTest(mod: TestModule): boolean {
  for (const test of mod.children.allTests()) if (test.result().state === 'failed') return true;
  return false;
}
