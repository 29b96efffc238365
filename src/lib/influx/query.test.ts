import { describe, expect, it } from 'vitest';
import { influxQlError, seriesRows } from './query';

describe('InfluxQL answers', () => {
  it('finds the error of the whole request or of any statement, and none in a good answer', () => {
    expect(influxQlError({ error: 'authorization failed' })).toBe('authorization failed');
    expect(influxQlError({ results: [{ series: [] }, { error: 'retention policy not found: events' }] })).toBe('retention policy not found: events');
    expect(influxQlError({ results: [{ series: [] }] })).toBeUndefined();
  });

  it('turns a series into rows keyed by column', () => {
    const series = { name: 'audit', columns: ['time', 'user', 'ok'], values: [[1, 'sari', true], [2, 'budi', false]] };
    expect(seriesRows(series)).toEqual([{ time: 1, user: 'sari', ok: true }, { time: 2, user: 'budi', ok: false }]);
  });
});
