import { describe, expect, it } from 'vitest';
import { createDigests } from './digest';

describe('digest', () => {
  it('sends the first N in a minute, holds the rest and sends them as one digest when the window ends', () => {
    const d = createDigests<string>({ maxPerWindow: 3, windowMs: 60_000 });
    const offers = ['a', 'b', 'c', 'd', 'e'].map((x, i) => d.offer('ani', false, x, i * 1_000));
    expect(offers).toEqual(['send', 'send', 'send', 'held', 'held']);
    expect(d.tick(62_999)).toEqual([]);
    expect(d.tick(63_000)).toEqual([{ personId: 'ani', items: ['d', 'e'], more: 0 }]);
    expect(d.tick(64_000)).toEqual([]);
    expect(d.stats()).toMatchObject({ held: 2, digests: 1 });
  });

  it('replaces a held item in place and takes one out; neither touches the window', () => {
    const d = createDigests<string>({ maxPerWindow: 1, windowMs: 60_000 });
    d.offer('ani', false, 'a1', 0);
    d.offer('ani', false, 'b1', 1);
    d.offer('ani', false, 'c1', 2);
    expect(d.replace('ani', (x) => x.startsWith('b'), 'b2')).toBe('b1');
    expect(d.replace('ani', (x) => x.startsWith('z'), 'z1')).toBeUndefined();
    expect(d.take('ani', (x) => x.startsWith('c'))).toBe('c1');
    expect(d.take('budi', () => true)).toBeUndefined();
    expect(d.tick(61_000)).toEqual([{ personId: 'ani', items: ['b2'], more: 0 }]);
  });

  it('never holds a critical message, even in a storm; other people are not affected', () => {
    const d = createDigests<string>({ maxPerWindow: 3 });
    for (let i = 0; i < 10; i++) d.offer('ani', false, `n${i}`, i);
    expect(d.offer('ani', true, 'crit', 20)).toBe('send');
    expect(d.offer('budi', false, 'x', 20)).toBe('send');
    expect(d.stats().criticalPassed).toBe(1);
  });

  it('the window slides: after a quiet minute messages go straight out again, and state is forgotten', () => {
    const d = createDigests<string>({ maxPerWindow: 2, windowMs: 60_000 });
    d.offer('ani', false, 'a', 0);
    d.offer('ani', false, 'b', 0);
    expect(d.offer('ani', false, 'c', 59_999)).toBe('held');
    d.tick(120_000);
    expect(d.offer('ani', false, 'd', 200_000)).toBe('send');
    d.tick(300_000);
    expect(d.size()).toBe(0);
  });

  it('bounds what one person holds and counts the rest', () => {
    const d = createDigests<number>({ maxPerWindow: 1 });
    const offers = Array.from({ length: 100 }, (_, i) => d.offer('ani', false, i, 0));
    expect(offers.filter((o) => o === 'counted')).toHaveLength(49);
    const [digest] = d.tick(60_000);
    expect(digest.items).toHaveLength(50);
    expect(digest.more).toBe(49);
  });
});
