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
      // A file that fails to import or in a hook has no failed test to count: count the file.
      if (mod.state() === 'failed' && !hasFailedTest(mod)) failures.push(failureLine(mod.relativeModuleId, '(the file)', mod.errors()[0]));
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
