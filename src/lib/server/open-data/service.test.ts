import { describe, expect, it } from 'vitest';
import { loadWebConfig } from '../config';
import { answerOpenReadings } from './service';

describe('the open-data budget per address', () => {
  it('counts an IPv6 host by its /64: rotating through the prefix does not buy a fresh burst', async () => {
    const { openBurst } = loadWebConfig().publicData;
    const now = 1_000_000;
    // No sensor named: each request within the budget is refused as bad (400) before any database read.
    const bad = new URLSearchParams();
    const statuses: number[] = [];
    for (let i = 1; i <= openBurst + 2; i++) statuses.push((await answerOpenReadings(bad, `2001:db8:1:2::${i.toString(16)}`, now)).status);
    // was: 400 every time (each address of the /64 had its own budget)
    expect(statuses.slice(0, openBurst).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(openBurst)).toEqual([429, 429]);
    expect((await answerOpenReadings(bad, '2001:db8:1:3::1', now)).status).toBe(400);
  });
});
