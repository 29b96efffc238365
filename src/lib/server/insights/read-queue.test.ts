import { describe, expect, it } from 'vitest';
import { inInsightsTurn } from './read-queue';

describe('insight reads in turn', () => {
  it('runs two at once, lets eight wait, refuses the rest, and frees turns as reads end', async () => {
    const ends: Array<() => void> = [];
    let started = 0;
    const read = () =>
      new Promise<number>((resolve) => {
        started++;
        ends.push(() => resolve(started));
      });
    const turns = Array.from({ length: 11 }, () => inInsightsTurn(read));
    expect(turns.filter((t) => t === null)).toHaveLength(1);
    await Promise.resolve();
    expect(started).toBe(2);
    ends.shift()?.();
    await turns[0];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toBe(3);
    while (ends.length > 0) {
      ends.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(turns.filter((t) => t !== null));
    expect(started).toBe(10);
    expect(inInsightsTurn(async () => 1)).not.toBeNull();
  });
});
