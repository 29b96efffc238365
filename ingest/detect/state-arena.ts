/**
 * Where the rules keep their numbers: blocks bump-allocated from shared slabs, addressed through
 * one view per element type over the whole slab.
 *
 * Why: at city scale the detectors are bound by memory, not arithmetic (bench:detect ran 3×
 * slower per reading at 3,000 sensors than at 30 with the same code). Per sensor and rule, a
 * closure with its own typed arrays cost ~360 heap bytes plus ~100 per view and a malloc'd
 * buffer each, scattered over the heap; a small object holding a base index costs ~40, and since
 * the engine builds a sensor's rules one after the other, that sensor's numbers sit side by side.
 *
 * A slab lives as long as any rule holding it, so an engine that is dropped frees its slabs only
 * when all its rules are gone (and a partly used slab may be shared with the next engine): a
 * bounded waste of at most one slab.
 */
import { PantauError } from '../../src/lib/core/errors';

export const SLAB_BYTES = 256 * 1024;

/**
 * A slab and one view of each element type over all of it. Rules address their numbers as
 * `slab.f64[base + i]`: per sensor they hold a base, not views of their own (a view costs
 * about 100 heap bytes, more than most rules' numbers).
 */
export interface StateSlab {
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly u16: Uint16Array;
  readonly u8: Uint8Array;
}

function createSlab(): StateSlab {
  const b = new ArrayBuffer(SLAB_BYTES);
  return { f64: new Float64Array(b), f32: new Float32Array(b), i32: new Int32Array(b), u16: new Uint16Array(b), u8: new Uint8Array(b) };
}

let current = createSlab();
let used = 0;

/** Byte offset of `bytes` bytes, aligned to 8, in the current slab (a new one when it is full). */
function take(bytes: number): number {
  const size = (bytes + 7) & ~7;
  if (size > SLAB_BYTES) throw new PantauError('STATE_TOO_LARGE', `state block of ${bytes} bytes is larger than a slab (${SLAB_BYTES})`);
  if (used + size > SLAB_BYTES) {
    current = createSlab();
    used = 0;
  }
  const at = used;
  used += size;
  return at;
}

/** A zeroed block of `bytes` bytes (8-byte aligned): its slab and its byte offset there. */
export function allocState(bytes: number): { slab: StateSlab; byteOffset: number } {
  const byteOffset = take(bytes);
  return { slab: current, byteOffset };
}

/** V8 heap cost of a class instance with a few fields and its methods on the prototype, measured. */
export const BYTES_PER_SMALL_OBJECT = 40;
