import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PMTiles, zxyToTileId, type Source } from 'pmtiles';
import { Compression, TileType, tileId, writePmtiles, type TileInput } from './pmtiles-writer';

/** The `pmtiles` package's reader over an in-memory archive: the oracle for everything the writer emits. */
class BufferSource implements Source {
  ranges: [number, number][] = [];
  constructor(private readonly buf: Uint8Array) {}
  getKey(): string {
    return 'memory';
  }
  async getBytes(offset: number, length: number) {
    this.ranges.push([offset, length]);
    const slice = this.buf.slice(offset, offset + length);
    return { data: slice.buffer };
  }
}

const BOUNDS = { minLon: 117.05, minLat: -0.62, maxLon: 117.28, maxLat: -0.38 };
const bytes = (s: string) => new TextEncoder().encode(s);

function reader(buf: Uint8Array): { pm: PMTiles; source: BufferSource } {
  const source = new BufferSource(buf);
  return { pm: new PMTiles(source), source };
}

describe('tileId', () => {
  it('matches the reader on every tile of zooms 0-4 and on random deep tiles', () => {
    for (let z = 0; z <= 4; z++) for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) expect(tileId(z, x, y)).toBe(zxyToTileId(z, x, y));
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 20 }).chain((z) => fc.tuple(fc.constant(z), fc.nat(2 ** z - 1), fc.nat(2 ** z - 1))), ([z, x, y]) => {
        expect(tileId(z, x, y)).toBe(zxyToTileId(z, x, y));
      })
    );
  });

  it('refuses a tile outside its zoom', () => {
    expect(() => tileId(2, 4, 0)).toThrow(/out of range/);
  });
});

describe('writePmtiles read back by the pmtiles reader', () => {
  it('returns each tile, the header fields and the metadata; a tile not written is absent', async () => {
    const tiles: TileInput[] = [
      { z: 10, x: 845, y: 513, data: bytes('a') },
      { z: 9, x: 422, y: 256, data: bytes('parent') },
      { z: 10, x: 846, y: 513, data: bytes('bb') },
      { z: 11, x: 1690, y: 1027, data: bytes('deep') }
    ];
    const buf = writePmtiles(tiles, { tileType: TileType.Mvt, tileCompression: Compression.None, bounds: BOUNDS, metadata: { vector_layers: [{ id: 'rivers' }] } });
    const { pm } = reader(buf);
    const h = await pm.getHeader();
    expect([h.specVersion, h.minZoom, h.maxZoom, h.tileType, h.tileCompression, h.clustered]).toEqual([3, 9, 11, TileType.Mvt, Compression.None, true]);
    expect([h.numAddressedTiles, h.numTileContents]).toEqual([4, 4]);
    expect(h.minLon).toBeCloseTo(117.05, 6);
    expect(h.maxLat).toBeCloseTo(-0.38, 6);
    for (const t of tiles) {
      const got = await pm.getZxy(t.z, t.x, t.y);
      expect(new TextDecoder().decode(got!.data)).toBe(new TextDecoder().decode(t.data));
    }
    expect(await pm.getZxy(10, 847, 513)).toBeUndefined();
    expect(await pm.getMetadata()).toEqual({ vector_layers: [{ id: 'rivers' }] });
  });

  it('stores repeated contents once, as runs where the ids follow each other, and still serves every tile', async () => {
    const same = bytes('sea');
    // z 3: all 64 tiles, every other one a distinct land tile, so runs and shared offsets both occur.
    const tiles: TileInput[] = [];
    for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) tiles.push({ z: 3, x, y, data: (x + y) % 3 === 0 ? bytes(`land ${x},${y}`) : same });
    const buf = writePmtiles(tiles, { tileType: TileType.Mvt, tileCompression: Compression.None, bounds: BOUNDS, internalCompression: Compression.None });
    const { pm } = reader(buf);
    const h = await pm.getHeader();
    expect(h.numAddressedTiles).toBe(64);
    expect(h.numTileContents).toBe(tiles.filter((t) => t.data !== same).length + 1);
    expect(h.numTileEntries).toBeLessThan(64);
    for (const t of tiles) expect(new TextDecoder().decode((await pm.getZxy(t.z, t.x, t.y))!.data)).toBe(new TextDecoder().decode(t.data));
  });

  it('gzip tiles come back as written (the reader decompresses them), and the root directory is in the first 16 KiB', async () => {
    const tiles: TileInput[] = [];
    for (let x = 0; x < 16; x++) for (let y = 0; y < 16; y++) tiles.push({ z: 4, x, y, data: new Uint8Array(gzipSync(`tile ${x}/${y}`)) });
    const buf = writePmtiles(tiles, { tileType: TileType.Mvt, tileCompression: Compression.Gzip, bounds: BOUNDS });
    const { pm, source } = reader(buf);
    expect(new TextDecoder().decode((await pm.getZxy(4, 7, 9))!.data)).toBe('tile 7/9');
    expect(source.ranges[0]).toEqual([0, 16_384]);
    // Header and directory in the first read; the second read is the tile itself, no directory fetch between.
    expect(source.ranges).toHaveLength(2);
    expect(source.ranges[1][0]).toBeGreaterThanOrEqual(Number((await pm.getHeader()).tileDataOffset));
  });

  it('refuses an empty set and a tile given twice', () => {
    const opts = { tileType: TileType.Mvt, tileCompression: Compression.None, bounds: BOUNDS };
    expect(() => writePmtiles([], opts)).toThrow(/no tiles/);
    expect(() => writePmtiles([{ z: 1, x: 0, y: 0, data: bytes('a') }, { z: 1, x: 0, y: 0, data: bytes('b') }], opts)).toThrow(/twice/);
  });
});
