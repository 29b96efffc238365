import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Adds one last line, `N passed, N failed` (plus skipped when any), after the default reporter,
 * so CI and people can read the outcome from the tail of the log. With PANTAU_TEST_COUNTS_FILE set
 * (scripts/test.ts, running two vitest processes) the counts are also appended there as a JSON line,
 * for one line over both.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let brokenFiles = 0;
    for (const mod of testModules) {
      // A file that fails to import or in a hook has no failed test to count: count the file.
      if (mod.state() === 'failed' && !hasFailedTest(mod)) brokenFiles += 1;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    failed += brokenFiles + unhandledErrors.length;
    const extra = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed${extra}\n`);
    const countsFile = process.env.PANTAU_TEST_COUNTS_FILE;
    if (countsFile) appendFileSync(countsFile, `${JSON.stringify({ passed, failed, skipped })}\n`);
  }
}

function hasFailedTest(mod: TestModule): boolean {
  for (const test of mod.children.allTests()) if (test.result().state === 'failed') return true;
  return false;
}
