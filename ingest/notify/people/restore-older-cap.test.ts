import { describe, expect, it, vi } from 'vitest';
import type { InfluxQlResponse } from '../../../src/lib/influx/query';
import { MAX_PASS_ROWS, readMissedSteps } from './restore-older';
import { alert, channel, directory, event, person } from './test-fixtures';

/**
 * The background read of rounds begun before the start's window (restore-older.ts) against a stand-in InfluxDB: what
 * it asks for, and how much it holds. Each read may bring 100,000 rows and a year of rounds takes over a hundred reads,
 * all held until the pass ends: MAX_PASS_ROWS bounds a pass, the newest rounds read first.
 */

const queries: string[] = [];
let rowsPerRead = 0;
vi.mock('../../../src/lib/influx/query', async (original) => ({
  ...(await original<typeof import('../../../src/lib/influx/query')>()),
  influxQl: async (_config: unknown, q: string): Promise<InfluxQlResponse> => {
    queries.push(q);
    if (!q.includes(`"reason" = 'oncall'`)) return { results: [{}] };
    // Chain records of the read's first alert, as many as asked for up to rowsPerRead.
    const limit = Number(/LIMIT (\d+)/.exec(q)![1]);
    const alertId = /"alert_id" = '([^']+)'/.exec(q)![1];
    const doc = JSON.stringify({ at: 0, alertIds: [alertId], personId: 'ani', personName: 'ANI', teamId: 'bpbd', reason: 'oncall', channel: 'email', status: 'sent', attempt: 1 });
    return { results: [{ series: [{ name: 'deliveries', columns: ['time', 'doc'], values: Array.from({ length: Math.min(limit, rowsPerRead) }, () => [0, doc]) }] }] };
  }
}));

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 20 };
const dir = directory(['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })), {
  teams: [team],
  shifts: [{ id: 1, teamId: 'bpbd', personId: 'ani', role: 'primary', start: 0, end: Number.MAX_SAFE_INTEGER }]
});
const config = { url: 'http://influx.invalid', database: 'pantau', token: '', org: '', bucket: '' } as never;
const recent = (events: ReturnType<typeof event>[]) => ({ events, records: [], window: { recordsFrom: DAY, readFrom: DAY, minuteMs: MIN }, now: 3 * DAY });

describe('the background read of rounds begun before the window', () => {
  it('holds at most MAX_PASS_ROWS rows: the oldest rounds past it are not read from their start, their rows dropped', async () => {
    queries.length = 0;
    rowsPerRead = 90_000;
    // 120 open critical alerts raised before the window, the newest last: three reads of 50, 50 and 20 alerts.
    const events = Array.from({ length: 120 }, (_, i) => event('raised', alert({ id: `c${i}`, raisedAt: i * MIN, updatedAt: i * MIN }), i * MIN));
    const { capped, read } = await readMissedSteps(config, dir, recent(events));
    expect(read.records.length).toBeLessThanOrEqual(MAX_PASS_ROWS);
    // The third read (c19 … c0) got only what was left (20,000 of its 90,000): cut, so its alerts stay taken for over.
    expect(capped).toBe(20);
    expect(read.fromStart.size).toBe(100);
    expect([read.fromStart.has('c119'), read.fromStart.has('c20'), read.fromStart.has('c19'), read.fromStart.has('c0')]).toEqual([true, true, false, false]);
    expect(read.records.some((r) => r.alertIds[0] === 'c19')).toBe(false);
    expect(queries.map((q) => Number(/LIMIT (\d+)/.exec(q)![1]))).toEqual([100_000, 100_000, 20_000]);
  });

  it('reads the events of a hidden round without its `updated` ones (a whole alert each, many a day for a forecast)', async () => {
    queries.length = 0;
    const worse = alert({ id: 'h', raisedAt: 0, updatedAt: 2 * DAY, worsenedAt: 2 * DAY, level: 3 });
    await readMissedSteps(config, dir, recent([event('escalated', worse, 2 * DAY)]));
    const history = queries.filter((q) => q.includes(`"alert_id" = 'h'`) && !q.includes(`"reason"`));
    expect(history).toHaveLength(1);
    expect(history[0]).toContain(`"event" != 'updated'`);
  });
});
