import { describe, it, expect } from 'vitest';
import { nabInfo } from './art';

describe('nabInfo', () => {
  it("takes the file's range from its readings, leaving missing ones (NaN) out (Math.min made it NaN)", () => {
    const values = [5, Number.NaN, -3, 12, Number.NaN];
    const info = nabInfo({ series: { timestamps: [], times: values.map((_, i) => i * 300_000), values } }, 48);
    expect(info.min).toBe(-3);
    expect(info.max).toBe(12);
    expect(info.capacity).toBe(48);
  });
});
