import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFailureLog } from './failure-log';

afterEach(() => vi.restoreAllMocks());

describe('the ingest handler failure log', () => {
  it('tells a burst whole: its first failure at once with its stack, the rest counted when the window ends', async () => {
    const lines: string[] = [];
    const log = createFailureLog((m) => lines.push(m), 200);
    for (let i = 0; i < 50; i++) log.failed('pantau/v1/sensors/air/a1', new Error(`bug ${i}`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^INGEST_HANDLER_FAILED on pantau\/v1\/sensors\/air\/a1 \(1 so far; at most one line a minute\): Error: bug 0\n/);
    await expect.poll(() => lines.length, { timeout: 5_000 }).toBe(2);
    expect(lines[1]).toBe('INGEST_HANDLER_FAILED 49 more within 0.2 s (50 so far), the last: on pantau/v1/sensors/air/a1: bug 49');
    log.close(); // nothing left to tell
    expect(lines).toHaveLength(2);
  });

  it('tells the untold ones at close', () => {
    const lines: string[] = [];
    const log = createFailureLog((m) => lines.push(m));
    for (let i = 0; i < 3; i++) log.failed('alert event', new Error('bug'));
    log.close();
    expect(lines.slice(1)).toEqual(['INGEST_HANDLER_FAILED 2 more within 60 s (3 so far), the last: on alert event: bug']);
  });

  it('is not silenced by a wall clock stepped back a day (the window is timed on a monotonic clock)', async () => {
    const lines: string[] = [];
    const log = createFailureLog((m) => lines.push(m), 100);
    log.failed('alert event', new Error('first'));
    const wall = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => wall - 86_400_000);
    log.failed('alert event', new Error('again'));
    await expect.poll(() => lines, { timeout: 5_000 }).toEqual([expect.anything(), 'INGEST_HANDLER_FAILED 1 more within 0.1 s (2 so far), the last: on alert event: again']);
    log.close();
  });
});
