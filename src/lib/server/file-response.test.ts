import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerFile } from './file-response';

const dir = mkdtempSync(join(tmpdir(), 'pantau-file-'));
const file = join(dir, 'basemap.pmtiles');
const SIZE = 4 * 1024 * 1024;
const content = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i++) content[i] = (i * 7) & 0xff;
writeFileSync(file, content);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The body's bytes and its largest chunk: what the server held in memory at once for this answer. */
async function read(response: Response): Promise<{ bytes: Buffer; largestChunk: number }> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return { bytes: Buffer.concat(chunks), largestChunk: Math.max(0, ...chunks.map((c) => c.byteLength)) };
}

describe('answerFile', () => {
  it('answers a tile range with exactly its bytes', async () => {
    const r = (await answerFile(file, { range: 'bytes=1000-1099', ifNoneMatch: null }, 'application/vnd.pmtiles'))!;
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 1000-1099/${SIZE}`);
    expect(r.headers.get('content-length')).toBe('100');
    expect((await read(r)).bytes.equals(content.subarray(1000, 1100))).toBe(true);
  });

  it('streams a range as large as the file instead of reading it into one buffer (bytes=0- by any viewer)', async () => {
    const r = (await answerFile(file, { range: 'bytes=0-', ifNoneMatch: null }, 'application/vnd.pmtiles'))!;
    expect(r.status).toBe(206);
    const { bytes, largestChunk } = await read(r);
    expect(bytes.equals(content)).toBe(true);
    expect(largestChunk).toBeLessThanOrEqual(256 * 1024);
  });

  it('whole file, unchanged file (304), a range past the end (416), no file (null)', async () => {
    const whole = (await answerFile(file, { range: null, ifNoneMatch: null }, 'x'))!;
    expect(whole.status).toBe(200);
    expect((await read(whole)).bytes.length).toBe(SIZE);
    expect((await answerFile(file, { range: null, ifNoneMatch: whole.headers.get('etag') }, 'x'))!.status).toBe(304);
    const past = (await answerFile(file, { range: `bytes=${SIZE}-`, ifNoneMatch: null }, 'x'))!;
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    expect(await answerFile(join(dir, 'missing'), { range: null, ifNoneMatch: null }, 'x')).toBeNull();
  });

  it('answers 304 to the ETag sent back weak, in a list, or `*`, also when a range is asked; 200 to other tags', async () => {
    const first = (await answerFile(file, { range: null, ifNoneMatch: null }, 'x'))!;
    await first.body!.cancel();
    const etag = first.headers.get('etag')!;
    const status = async (ifNoneMatch: string, range: string | null = null) => {
      const r = (await answerFile(file, { range, ifNoneMatch }, 'x'))!;
      await r.body?.cancel();
      return r.status;
    };
    // was: 200 for all but the exact string
    expect(await status(`W/${etag}`)).toBe(304);
    expect(await status(`"old-copy", ${etag}`)).toBe(304);
    expect(await status('*')).toBe(304);
    expect(await status(`W/${etag}`, 'bytes=0-99')).toBe(304);
    expect(await status('"old-copy", W/"other"')).toBe(200);
    expect(await status('"old-copy"', 'bytes=0-99')).toBe(206);
  });

  it('If-Range: the range of the file the client holds part of, else the whole file (RFC 9110 13.1.5: never bytes of a changed file to splice with old ones)', async () => {
    const first = (await answerFile(file, { range: null, ifNoneMatch: null }, 'x'))!;
    const etag = first.headers.get('etag')!;
    await first.body!.cancel();
    const same = (await answerFile(file, { range: 'bytes=10-19', ifNoneMatch: null, ifRange: etag }, 'x'))!;
    expect(same.status).toBe(206);
    expect((await read(same)).bytes.equals(content.subarray(10, 20))).toBe(true);
    for (const ifRange of ['"0-0"', `W/${etag}`, 'Mon, 07 Dec 2026 13:33:13 GMT']) {
      const changed = (await answerFile(file, { range: 'bytes=10-19', ifNoneMatch: null, ifRange }, 'x'))!;
      expect(changed.status, ifRange).toBe(200);
      expect(changed.headers.get('content-range'), ifRange).toBeNull();
      expect((await read(changed)).bytes.length, ifRange).toBe(SIZE);
    }
    // Past the end of a changed file: the whole file as well, not 416.
    const whole = (await answerFile(file, { range: `bytes=${SIZE}-`, ifNoneMatch: null, ifRange: '"0-0"' }, 'x'))!;
    expect(whole.status).toBe(200);
    await whole.body!.cancel();
  });

  it('leaves the file open only while a body streams: 304, 416, a body read to its end or given up mid-way (client gone)', async () => {
    const openOnFile = () => readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === file; } catch { return false; } }).length;
    const etag = (await answerFile(file, { range: null, ifNoneMatch: null }, 'x'))!;
    await read(etag);
    expect((await answerFile(file, { range: null, ifNoneMatch: etag.headers.get('etag') }, 'x'))!.status).toBe(304);
    expect((await answerFile(file, { range: `bytes=${SIZE}-`, ifNoneMatch: null }, 'x'))!.status).toBe(416);
    // closes run on libuv's pool: poll rather than guess how long a busy machine takes
    await expect.poll(openOnFile, { timeout: 5_000 }).toBe(0);
    const abandoned = (await answerFile(file, { range: 'bytes=0-', ifNoneMatch: null }, 'x'))!;
    const reader = abandoned.body!.getReader();
    await reader.read();
    expect(openOnFile()).toBe(1);
    await reader.cancel();
    await expect.poll(openOnFile, { timeout: 5_000 }).toBe(0);
  });
});
