import { describe, it, expect } from 'vitest';
import { createUnknownSensors, UNKNOWN_QUIET_MS } from './unknown-sensors';

describe('createUnknownSensors', () => {
  it('holds at most `max` ids outside the catalog, and always admits catalog ids', () => {
    const known = new Set(['k']);
    const u = createUnknownSensors({ max: 2, isKnown: (id) => known.has(id) });
    expect([u.admit('x1', 0), u.admit('x2', 0), u.admit('x3', 0)]).toEqual([true, true, false]);
    // one held already is heard again; a catalog sensor takes no slot
    expect(u.admit('x1', 1)).toBe(true);
    expect(u.admit('k', 1)).toBe(true);
    expect(u.size()).toBe(2);
  });

  it('frees the slots of ids gone quiet, so a new id is admitted after a burst of bogus ones', () => {
    const u = createUnknownSensors({ max: 3, isKnown: () => false });
    for (const id of ['bogus1', 'bogus2', 'bogus3']) u.admit(id, 0);
    expect(u.admit('real', 60_000)).toBe(false);
    expect(u.expire(UNKNOWN_QUIET_MS - 1)).toEqual([]);
    // bogus2 kept reporting: only the two quiet ones go
    u.admit('bogus2', 10 * 60_000);
    expect(u.expire(UNKNOWN_QUIET_MS).sort()).toEqual(['bogus1', 'bogus3']);
    expect(u.size()).toBe(1);
    expect(u.admit('real', UNKNOWN_QUIET_MS)).toBe(true);
    expect(u.expire(10 * 60_000 + UNKNOWN_QUIET_MS)).toEqual(['bogus2']);
    expect(u.size()).toBe(1);
  });

  it('lets an id that joined the catalog leave the count: at its next reading, or quiet without losing its reading', () => {
    const known = new Set<string>();
    const u = createUnknownSensors({ max: 2, isKnown: (id) => known.has(id) });
    u.admit('new1', 0);
    u.admit('new2', 0);
    expect(u.admit('other', 1)).toBe(false);
    known.add('new1');
    known.add('new2');
    // new1 reports again: a catalog sensor now, its slot is free at once
    expect(u.admit('new1', 2)).toBe(true);
    expect(u.size()).toBe(1);
    expect(u.admit('other', 3)).toBe(true);
    // new2 stays quiet: it leaves the count, but is not named for dropping (its reading is a catalog sensor's)
    expect(u.expire(UNKNOWN_QUIET_MS)).toEqual([]);
    expect(u.size()).toBe(1);
  });

  it('costs what it expires: a quiet front stops the sweep at the first id still heard', () => {
    const u = createUnknownSensors({ max: 10_000, isKnown: () => false, quietMs: 100 });
    for (let i = 0; i < 10_000; i++) u.admit(`s${i}`, i < 5 ? 0 : 1_000);
    expect(u.expire(150)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(u.size()).toBe(9_995);
  });
});
