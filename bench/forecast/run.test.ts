import { describe, expect, it } from 'vitest';
import { runOurs } from './run';
import type { Network, Series } from './data';

const STEP = 600;

describe('runOurs: the rows written for held readings', () => {
  it('never writes a forecast issued before a gauge went silent for days (it was scored as false alarms)', () => {
    const net: Network = { river: 'test', stations: [{ id: 'g1', name: 'G1', order: 0, warnCm: 300 }] };
    const s: Series = { ts: [], level: [] };
    // two days rising towards the warning level, five days silent, then back far lower
    for (let k = 0; k < 288; k++) s.ts.push(k * STEP), s.level.push(100 + k * 0.6 + (k % 3));
    const back = 288 * STEP + 5 * 86_400;
    for (let k = 0; k < 12; k++) s.ts.push(back + k * STEP), s.level.push(60 + (k % 2));
    const { rows } = runOurs(net, [s]);
    const first = s.ts.indexOf(back);
    // the reading after the silence is judged against the old course and held: no fresh forecast
    const written = rows[0][first].filter((v) => v !== null) as number[];
    for (const v of written) expect(Math.abs(v - 60)).toBeLessThan(100);
    expect(rows[0][first + 3].every((v) => v !== null && Math.abs(v - 60) < 100)).toBe(true);
  });
});
