import { describe, expect, it } from 'vitest';
import { backoffMs, classifyWriteError } from './retry';

describe('classifyWriteError', () => {
  it('retries what a later attempt can fix and sets aside what never will be written', () => {
    const status = (statusCode: number) => Object.assign(new Error(`HTTP ${statusCode}`), { statusCode });
    for (const code of [401, 403, 404, 429, 500, 503]) expect(classifyWriteError(status(code)).retryable, String(code)).toBe(true);
    for (const code of [400, 413, 422]) expect(classifyWriteError(status(code)).retryable, String(code)).toBe(false);
    expect(classifyWriteError(new Error('connect ECONNREFUSED 127.0.0.1:8086'))).toMatchObject({ code: 'INFLUX_UNAVAILABLE', retryable: true });
  });
});

describe('backoffMs', () => {
  it('doubles from 250 ms with jitter in [base/2, base] and stays under the cap', () => {
    expect([0, 1, 2].map((a) => backoffMs(a, 30_000, () => 1))).toEqual([250, 500, 1000]);
    expect(backoffMs(2, 30_000, () => 0)).toBe(500);
    expect(backoffMs(40, 1000, () => 1)).toBe(1000);
  });
});
