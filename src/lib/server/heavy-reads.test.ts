import { describe, expect, it } from 'vitest';
import { HeavyReadsBusy, inHeavyReadTurn } from './heavy-reads';
import { inInsightsTurn } from './insights/read-queue';
import { createReportService } from './reports/service';
import type { ReportSources } from './reports/input';

describe('heavy reads share one bounded turn', () => {
  it('with insights filling it, a report read is refused at once and not remembered; it runs once there is room', async () => {
    const ends: Array<() => void> = [];
    const block = () => new Promise<void>((resolve) => ends.push(resolve));
    const held = Array.from({ length: 10 }, () => inInsightsTurn(block));
    expect(held.every((t) => t !== null)).toBe(true);
    expect(inHeavyReadTurn(async () => 1)).toBeNull();
    let reads = 0;
    // sources that fail the read once it runs: enough to see it ran (the data is not this test's)
    const sources = () => (reads++, {}) as unknown as ReportSources;
    const reports = createReportService(sources, undefined, () => Date.UTC(2026, 11, 6, 12));
    const period = { kind: 'day' as const, key: '2026-12-05', start: Date.UTC(2026, 11, 4, 16), end: Date.UTC(2026, 11, 5, 16) };
    await expect(reports.input(period)).rejects.toBeInstanceOf(HeavyReadsBusy);
    expect(reads).toBe(0);
    // the waiting reads start as the running ones end
    for (let i = 0; i < 10; i++) {
      ends.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(held);
    // the refusal was not cached: the next ask reads
    await reports.input(period).catch(() => undefined);
    expect(reads).toBe(1);
  });
});
