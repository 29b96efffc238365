import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseByteRange } from './byte-range';
import { ifNoneMatchHits } from './conditional';

/**
 * A file on disk as an HTTP answer with byte ranges (the PMTiles basemap: header and root directory
 * first, then one range per tile). Whole or partial, the body is streamed from the file: a range is
 * the client's to choose, and `Range: bytes=0-` read into one buffer held the whole file in memory
 * per request (a basemap of tens of MB, open to anonymous viewers). Null when there is no such file.
 * `ifRange`: a browser holding part of the file asks for the rest only if it is still the same file; when
 * it is not (another ETag, a weak one, a date: we send no Last-Modified) the answer is the whole file, never
 * a range of the new one to splice with the old bytes it holds (RFC 9110 §13.1.5).
 */
export async function answerFile(
  file: string,
  request: { range: string | null; ifNoneMatch: string | null; ifRange?: string | null },
  contentType: string
): Promise<Response | null> {
  // Opened first, and everything (ETag, size, bytes) read from that one handle: a file renamed into place
  // between a stat and an open by name sent the new file's bytes under the old ETag, which the pmtiles
  // reader takes for a tile of the archive whose directory it holds.
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return null;
  const answer = await answerHandle(handle, request, contentType).catch(async (err: unknown) => {
    await handle.close();
    throw err;
  });
  // A streamed body closes the handle when it ends or the client goes; the others close it here.
  if (!answer?.body) await handle.close();
  return answer;
}

async function answerHandle(handle: FileHandle, request: Parameters<typeof answerFile>[1], contentType: string): Promise<Response | null> {
  const info = await handle.stat();
  if (!info.isFile()) return null;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'accept-ranges': 'bytes',
    etag: `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`,
    // Cached, but checked on every use: a file replaced under the same name must never be read half old, half new.
    'cache-control': 'no-cache'
  };
  // Weak comparison, a list or `*` (conditional.ts); If-Range below stays strong, as ranges need the exact bytes.
  if (ifNoneMatchHits(request.ifNoneMatch, headers.etag)) return new Response(null, { status: 304, headers });
  const range = request.ifRange == null || request.ifRange === headers.etag ? parseByteRange(request.range, info.size) : { kind: 'full' as const };
  if (range.kind === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${info.size}` } });
  const stream = (opts: { start: number; end: number } | undefined) => Readable.toWeb(handle.createReadStream(opts)) as ReadableStream<Uint8Array>;
  if (range.kind === 'full') return new Response(info.size === 0 ? null : stream(undefined), { status: 200, headers: { ...headers, 'content-length': String(info.size) } });
  const length = range.end - range.start + 1;
  return new Response(stream({ start: range.start, end: range.end }), {
    status: 206,
    headers: { ...headers, 'content-length': String(length), 'content-range': `bytes ${range.start}-${range.end}/${info.size}` }
  });
}
