import { describe, expect, it } from 'vitest';
import { backoffMs, classifyWriteError, refusedLines } from './retry';

describe('classifyWriteError', () => {
  it('retries what a later attempt can fix and sets aside what never will be written', () => {
    const status = (statusCode: number) => Object.assign(new Error(`HTTP ${statusCode}`), { statusCode });
    for (const code of [401, 403, 404, 429, 500, 503]) expect(classifyWriteError(status(code)).retryable, String(code)).toBe(true);
    for (const code of [400, 413, 422]) expect(classifyWriteError(status(code)).retryable, String(code)).toBe(false);
    expect(classifyWriteError(new Error('connect ECONNREFUSED 127.0.0.1:8086'))).toMatchObject({ code: 'INFLUX_UNAVAILABLE', retryable: true });
  });
});

describe('refusedLines', () => {
  // Bodies as InfluxDB 1.6 answers them (captured from a real server).
  const answer = (error: string) => Object.assign(new Error('400 Bad Request'), { statusCode: 400, body: JSON.stringify({ error }) + '\n' });

  it('counts only the points a partial write names as dropped or unparsable', () => {
    const conflict = 'partial write: field type conflict: input field "v" on measurement "m" is type float, already exists as type integer dropped=2';
    expect(refusedLines(answer(conflict), 3)).toBe(2);
    const unparsed = "partial write: unable to parse 'bad line here': invalid field format\nunable to parse 'm,s=b v==2 1700000000005': invalid boolean dropped=0";
    expect(refusedLines(answer(unparsed), 4)).toBe(2);
    expect(refusedLines(answer('partial write: points beyond retention policy dropped=9'), 5)).toBe(5); // never more than were sent
  });

  it('reads InfluxDB 2.x partial writes: 422 with the reason under "message" after a prefix', () => {
    const v2 = (message: string) => Object.assign(new Error('422 Unprocessable Entity'), { statusCode: 422, body: JSON.stringify({ code: 'unprocessable entity', message }) });
    const conflict = 'failure writing points to database: partial write: field type conflict: input field "v" on measurement "m" is type integer, already exists as type float dropped=1';
    expect(refusedLines(v2(conflict), 5000)).toBe(1);
    expect(refusedLines(v2('failure writing points to database: partial write: points beyond retention policy dropped=3'), 10)).toBe(3);
    expect(refusedLines(v2('failure writing points to database: partial write: something new'), 10)).toBe(10);
    expect(refusedLines(Object.assign(new Error('400'), { statusCode: 400, body: JSON.stringify({ code: 'invalid', message: "unable to parse 'x': missing fields" }) }), 4)).toBe(4);
  });

  it('counts the whole request when InfluxDB stored none of it or the answer does not say', () => {
    expect(refusedLines(answer("unable to parse 'bad': missing fields\nunable to parse 'worse x': invalid field format"), 2)).toBe(2);
    expect(refusedLines(answer('partial write: something new'), 7)).toBe(7);
    expect(refusedLines(Object.assign(new Error('413'), { statusCode: 413, body: 'too large' }), 7)).toBe(7);
    expect(refusedLines(new Error('no body'), 7)).toBe(7);
  });
});

describe('backoffMs', () => {
  it('doubles from 250 ms with jitter in [base/2, base] and stays under the cap', () => {
    expect([0, 1, 2].map((a) => backoffMs(a, 30_000, () => 1))).toEqual([250, 500, 1000]);
    expect(backoffMs(2, 30_000, () => 0)).toBe(500);
    expect(backoffMs(40, 1000, () => 1)).toBe(1000);
  });
});
