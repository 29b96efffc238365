import { describe, expect, it } from 'vitest';
import type { AppendedRange } from './journal';
import { createRecentRanges } from './recent-ranges';

/** A range of `count` lines "l<i>" appended at byte `offset` of segment `segment`. */
function range(segment: number, offset: number, from: number, count: number): AppendedRange {
  const lines = Array.from({ length: count }, (_, i) => `l${from + i}`);
  const text = lines.join('\n');
  return { start: { segment, offset }, end: { segment, offset: offset + text.length + 1 }, text, count };
}

describe('recent journal ranges kept for shipping', () => {
  it('hands out contiguous ranges from the checkpoint, up to the line limit', () => {
    const recent = createRecentRanges(1 << 20);
    const a = range(1, 0, 0, 3);
    const b = range(1, a.end.offset, 3, 3);
    const c = range(1, b.end.offset, 6, 3);
    [a, b, c].forEach(recent.add);
    const batch = recent.take({ segment: 1, offset: 0 }, 6);
    expect(batch).toEqual({ texts: [a.text, b.text], count: 6, next: b.end });
    expect(recent.take(b.end, 100)?.texts).toEqual([c.text]);
  });

  it('answers null when the checkpoint is not where the kept ranges start (the disk serves it)', () => {
    const recent = createRecentRanges(1 << 20);
    const a = range(2, 100, 0, 2);
    recent.add(a);
    expect(recent.take({ segment: 2, offset: 0 }, 10)).toBeNull(); // older lines, e.g. a replay
    expect(recent.take({ segment: 2, offset: 103 }, 10)).toBeNull(); // mid-range: shipped partly from disk
    recent.dropBefore(a.end);
    expect(recent.size()).toBe(0);
  });

  it('keeps only a contiguous run within its bound', () => {
    const recent = createRecentRanges(12);
    const a = range(1, 0, 0, 2); // "l0\nl1": 5 chars
    recent.add(a);
    recent.add(range(1, 999, 2, 2)); // a gap: not kept
    const b = range(1, a.end.offset, 2, 2);
    recent.add(b);
    recent.add(range(1, b.end.offset, 4, 2)); // would exceed 12 chars: not kept
    expect(recent.size()).toBe(2);
    expect(recent.take(a.start, 100)?.count).toBe(4);
  });
});
