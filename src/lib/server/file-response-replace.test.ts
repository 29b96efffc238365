import { mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/** Runs once, right after the answer's first look at the file (its stat or its open): a rebuilt basemap renamed into place then. */
const hook = vi.hoisted(() => ({ afterFirstLook: null as null | (() => void) }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const once = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    const result = await f(...a);
    const swap = hook.afterFirstLook;
    hook.afterFirstLook = null;
    swap?.();
    return result;
  };
  return { ...real, stat: once(real.stat), open: once(real.open) };
});
const { answerFile } = await import('./file-response');

const dir = mkdtempSync(join(tmpdir(), 'pantau-file-replace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const etagOf = (path: string) => {
  const s = statSync(path);
  return `"${s.size.toString(36)}-${Math.floor(s.mtimeMs).toString(36)}"`;
};

describe('answerFile while the file is replaced', () => {
  it('serves the bytes of the file its ETag names (pmtiles trusts a tile whose ETag matches the header it read)', async () => {
    const file = join(dir, 'basemap.pmtiles');
    writeFileSync(file, Buffer.alloc(100_000, 1));
    const oldEtag = etagOf(file);
    const rebuilt = join(dir, 'basemap.pmtiles.new');
    writeFileSync(rebuilt, Buffer.alloc(200_000, 2));
    hook.afterFirstLook = () => renameSync(rebuilt, file);
    const r = (await answerFile(file, { range: 'bytes=50000-50009', ifNoneMatch: null }, 'x'))!;
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(hook.afterFirstLook).toBeNull();
    // Either file is fine, as long as ETag, Content-Range and bytes all come from the same one.
    const served = r.headers.get('etag') === oldEtag ? { fill: 1, size: 100_000 } : { fill: 2, size: 200_000 };
    expect(r.headers.get('content-range')).toBe(`bytes 50000-50009/${served.size}`);
    expect([...bytes]).toEqual(Array(10).fill(served.fill));
  });
});
