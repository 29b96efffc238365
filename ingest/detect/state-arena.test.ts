import { describe, expect, it } from 'vitest';
import { SLAB_BYTES, allocState } from './state-arena';

describe('allocState', () => {
  it('hands out zeroed, 8-byte aligned blocks that do not overlap', () => {
    const a = allocState(20);
    const b = allocState(8);
    expect(a.byteOffset % 8).toBe(0);
    expect(b.byteOffset % 8).toBe(0);
    if (a.slab === b.slab) expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 24);
    a.slab.u8.fill(0xff, a.byteOffset, a.byteOffset + 20);
    expect(b.slab.f64[b.byteOffset / 8]).toBe(0);
  });

  it('starts a new slab when the current one is full, and refuses blocks larger than a slab', () => {
    const first = allocState(8);
    const big = allocState(SLAB_BYTES - 8);
    const next = allocState(SLAB_BYTES);
    // Compare slabs by identity only: printing one (256 KB in five views) would take seconds.
    expect(big.byteOffset + SLAB_BYTES - 8 <= SLAB_BYTES).toBe(true);
    expect(big.slab === first.slab ? first.byteOffset : 0).toBe(0);
    expect(next.slab === big.slab).toBe(false);
    expect(next.byteOffset).toBe(0);
    expect(() => allocState(SLAB_BYTES + 1)).toThrow(/larger than a slab/);
  });

  it('gives each element type a view of the same bytes', () => {
    const { slab, byteOffset } = allocState(8);
    slab.f32[byteOffset / 4] = 1.5;
    expect(slab.u8[byteOffset + 3]).toBe(0x3f); // 1.5f is 0x3fc00000, little-endian
    expect(slab.i32[byteOffset / 4]).toBe(0x3fc00000);
  });
});
