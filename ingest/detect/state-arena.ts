/**
 * Where the rules keep their numbers: typed-array views bump-allocated from shared slabs.
 *
 * Why: at city scale the detectors are bound by memory, not arithmetic (bench:detect ran 3×
 * slower per reading at 3,000 sensors than at 30 with the same code). A `new Float64Array(n)` of
 * its own costs an ArrayBuffer object and a malloc'd backing store besides its bytes, and
 * scatters a sensor's state over the heap. Views of one slab cost only the view, and since the
 * engine builds a sensor's rules one after the other, that sensor's numbers sit side by side.
 *
 * A slab lives as long as any view of it, so an engine that is dropped frees its slabs only
 * when every view is gone (and a partly used slab may be shared with the next engine): a bounded
 * waste of at most one slab.
 */
const SLAB_BYTES = 256 * 1024;

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
let slab = current.f64.buffer as ArrayBuffer;
let used = 0;

/** Byte offset of `bytes` bytes, aligned to 8, in the current slab (a new one when it is full). */
function take(bytes: number): number {
  const size = (bytes + 7) & ~7;
  if (size > SLAB_BYTES) throw new RangeError(`state block of ${bytes} bytes is larger than a slab`);
  if (used + size > SLAB_BYTES) {
    current = createSlab();
    slab = current.f64.buffer as ArrayBuffer;
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

// Each view takes its offset before reading `slab`: take() may have started a new one.

/** n zeroed float64s. */
export function stateF64(n: number): Float64Array {
  const at = take(8 * n);
  return new Float64Array(slab, at, n);
}

export function stateF32(n: number): Float32Array {
  const at = take(4 * n);
  return new Float32Array(slab, at, n);
}

export function stateI32(n: number): Int32Array {
  const at = take(4 * n);
  return new Int32Array(slab, at, n);
}

export function stateU16(n: number): Uint16Array {
  const at = take(2 * n);
  return new Uint16Array(slab, at, n);
}

export function stateU8(n: number): Uint8Array {
  const at = take(n);
  return new Uint8Array(slab, at, n);
}

/** V8 heap cost of one typed-array view, measured (Node 20): the numbers are counted apart. */
export const BYTES_PER_VIEW = 100;
/** V8 heap cost of a class instance with a few fields and its methods on the prototype, measured. */
export const BYTES_PER_SMALL_OBJECT = 40;
