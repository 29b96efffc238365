import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * A small PMTiles v3 writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): header,
 * one root directory, JSON metadata, tile data. The `pmtiles` package only reads; its reader is what
 * the unit tests check this against. Enough for a city extract (a few thousand tiles); a larger set
 * needs leaf directories, which this writer refuses rather than writes wrongly.
 */
export const HEADER_BYTES = 127;
/** A reader fetches the header and the root directory in one 16 KiB request (spec: they must fit). */
const FIRST_FETCH_BYTES = 16_384;

export enum Compression {
  None = 1,
  Gzip = 2
}
export enum TileType {
  Mvt = 1,
  Png = 2
}

export interface TileInput {
  z: number;
  x: number;
  y: number;
  /** The tile's bytes, already compressed with `tileCompression`. */
  data: Uint8Array;
}

export interface PmtilesOptions {
  tileType: TileType;
  tileCompression: Compression;
  /** For the directory and metadata; gzip is what every reader supports. */
  internalCompression?: Compression;
  bounds: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  center?: { lon: number; lat: number; zoom: number };
  metadata?: Record<string, unknown>;
}

/** Tile id on the Hilbert curve: all tiles of lower zooms first, then the index at z (spec §"Tile IDs"). */
export function tileId(z: number, x: number, y: number): number {
  if (z < 0 || z > 26 || x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z) throw new Error(`tile ${z}/${x}/${y} out of range`);
  const base = (4 ** z - 1) / 3;
  const n = 2 ** z;
  let d = 0;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so the curve stays continuous (the classic xy2d).
    if (ry === 0) {
      if (rx === 1) {
        tx = n - 1 - tx;
        ty = n - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return base + d;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/** Unsigned LEB128, as numbers up to 2^53 (tile ids and offsets never get near). */
function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Columns: ids as deltas, run lengths, lengths, offsets (0 = right after the previous entry, else offset + 1). */
export function encodeDirectory(entries: readonly Entry[]): Uint8Array {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    pushVarint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

function compress(data: Uint8Array, c: Compression): Uint8Array {
  return c === Compression.Gzip ? new Uint8Array(gzipSync(data)) : data;
}

/**
 * Tiles in id order; identical contents stored once (the sea or an empty district repeats), and a run of
 * consecutive ids with the same content becomes one entry with a run length.
 */
function layoutTiles(tiles: readonly TileInput[]): { entries: Entry[]; blobs: Uint8Array[]; addressed: number; contents: number } {
  const sorted = tiles.map((t) => ({ id: tileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  const seen = new Map<string, { offset: number; length: number }>();
  const entries: Entry[] = [];
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < sorted.length; i++) {
    const { id, data } = sorted[i];
    if (i > 0 && sorted[i - 1].id === id) throw new Error(`tile id ${id} given twice`);
    const hash = createHash('sha256').update(data).digest('hex');
    const prev = entries[entries.length - 1];
    const known = seen.get(hash);
    if (known && prev && prev.offset === known.offset && prev.tileId + prev.runLength === id) {
      prev.runLength++;
      continue;
    }
    if (known) {
      entries.push({ tileId: id, offset: known.offset, length: known.length, runLength: 1 });
      continue;
    }
    seen.set(hash, { offset, length: data.length });
    entries.push({ tileId: id, offset, length: data.length, runLength: 1 });
    blobs.push(data);
    offset += data.length;
  }
  return { entries, blobs, addressed: sorted.length, contents: blobs.length };
}

function e7(deg: number): number {
  return Math.round(deg * 1e7);
}

/** The whole archive in memory: a city extract is small, and one buffer is one atomic file write. */
export function writePmtiles(tiles: readonly TileInput[], opts: PmtilesOptions): Uint8Array {
  if (tiles.length === 0) throw new Error('no tiles to write');
  const internal = opts.internalCompression ?? Compression.Gzip;
  const { entries, blobs, addressed, contents } = layoutTiles(tiles);
  const root = compress(encodeDirectory(entries), internal);
  if (HEADER_BYTES + root.length > FIRST_FETCH_BYTES) {
    throw new Error(`root directory of ${root.length} bytes does not fit the first 16 KiB (leaf directories not supported): lower --maxzoom`);
  }
  const meta = compress(new TextEncoder().encode(JSON.stringify(opts.metadata ?? {})), internal);
  const dataLength = blobs.reduce((n, b) => n + b.length, 0);
  const rootOffset = HEADER_BYTES;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + meta.length;
  const zooms = tiles.map((t) => t.z);
  const out = new Uint8Array(dataOffset + dataLength);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  v.setUint8(7, 3);
  const u64 = (at: number, n: number) => v.setBigUint64(at, BigInt(n), true);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset); // no leaf directories: zero bytes where they would be
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, addressed);
  u64(80, entries.length);
  u64(88, contents);
  v.setUint8(96, 1); // clustered: tile data in tile-id order
  v.setUint8(97, internal);
  v.setUint8(98, opts.tileCompression);
  v.setUint8(99, opts.tileType);
  v.setUint8(100, Math.min(...zooms));
  v.setUint8(101, Math.max(...zooms));
  const b = opts.bounds;
  v.setInt32(102, e7(b.minLon), true);
  v.setInt32(106, e7(b.minLat), true);
  v.setInt32(110, e7(b.maxLon), true);
  v.setInt32(114, e7(b.maxLat), true);
  const c = opts.center ?? { lon: (b.minLon + b.maxLon) / 2, lat: (b.minLat + b.maxLat) / 2, zoom: Math.min(...zooms) };
  v.setUint8(118, c.zoom);
  v.setInt32(119, e7(c.lon), true);
  v.setInt32(123, e7(c.lat), true);
  out.set(root, rootOffset);
  out.set(meta, metaOffset);
  let at = dataOffset;
  for (const blob of blobs) {
    out.set(blob, at);
    at += blob.length;
  }
  return out;
}
