import { describe, expect, it } from 'vitest';
import { planVitestRuns, sumCounts } from './vitest-runs';

describe('planVitestRuns', () => {
  it('runs the whole suite as two processes: unit then integration, and the browser tests beside them', () => {
    const runs = planVitestRuns([], {});
    expect(runs.map((r) => r.args)).toEqual([['--project', 'unit', '--project', 'unit-isolated', '--project', 'integration'], ['--project', 'e2e', '--project', 'integration-waiting']]);
  });

  it('runs a narrowed run as given, in one process, and everything in one when asked to', () => {
    expect(planVitestRuns(['tests/e2e/wall.test.ts'], {}).map((r) => r.args)).toEqual([['tests/e2e/wall.test.ts']]);
    expect(planVitestRuns(['--project', 'unit'], {})).toHaveLength(1);
    expect(planVitestRuns([], { PANTAU_TEST_SERIAL: '1' }).map((r) => r.args)).toEqual([[]]);
  });
});

describe('sumCounts', () => {
  it('adds up the lines each process appended, and says nothing when none came', () => {
    expect(sumCounts('{"passed":10,"failed":1,"skipped":0}\n{"passed":5,"failed":0,"skipped":2}\n')).toEqual({ passed: 15, failed: 1, skipped: 2 });
    expect(sumCounts('')).toBeNull();
  });
});
