import { describe, expect, it } from 'vitest';
import { failureLine } from '../../tests/helpers/summary-reporter';
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
    expect(sumCounts('{"passed":10,"failed":1,"skipped":0}\n{"passed":5,"failed":0,"skipped":2}\n')).toEqual({ passed: 15, failed: 1, skipped: 2, failures: [] });
    expect(sumCounts('')).toBeNull();
  });

  it('lists the failures of every process, in the order they came', () => {
    const text =
      '{"passed":3,"failed":1,"skipped":0,"failures":["tests/a.test.ts > x: boom"]}\n' +
      '{"passed":2,"failed":2,"skipped":0,"failures":["tests/b.test.ts > y: late","tests/b.test.ts > z: timed out"]}\n';
    expect(sumCounts(text)?.failures).toEqual(['tests/a.test.ts > x: boom', 'tests/b.test.ts > y: late', 'tests/b.test.ts > z: timed out']);
  });
});

describe('failureLine', () => {
  it('names file and test, and keeps the first line of the message, cut short', () => {
    expect(failureLine('tests/a.test.ts', 'suite > case', new Error('\nexpected 1 to be 2\n  at foo'))).toBe('tests/a.test.ts > suite > case: expected 1 to be 2');
    const long = failureLine('f', 't', { message: 'x'.repeat(500) });
    expect(long.length).toBeLessThan(260);
    expect(long.endsWith('…')).toBe(true);
    expect(failureLine('f', 't', undefined)).toBe('f > t: no error given');
  });
});
