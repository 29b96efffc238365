import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { error, type RequestHandler } from '@sveltejs/kit';
import { loadWebConfig } from '$lib/server/config';
import { parseByteRange } from '$lib/server/byte-range';

/**
 * The PMTiles basemap of PANTAU_BASEMAP=pmtiles:<file>, served by the command center itself so the map
 * needs no tile server. The pmtiles protocol reads it by HTTP ranges: header and root directory first,
 * then one range per tile. The ETag (size and mtime) makes browsers and the reader notice a rebuilt file.
 */
export const GET: RequestHandler = async ({ request }) => {
  const file = loadWebConfig().basemap.pmtilesFile;
  if (!file) error(404, 'no PMTiles basemap configured');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) error(404, 'PMTiles basemap file not found');
  const headers: Record<string, string> = {
    'content-type': 'application/vnd.pmtiles',
    'accept-ranges': 'bytes',
    etag: `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`,
    // Cached, but checked on every use: a file replaced under the same name must never be read half old, half new.
    'cache-control': 'no-cache'
  };
  if (request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
  const range = parseByteRange(request.headers.get('range'), info.size);
  if (range.kind === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${info.size}` } });
  if (range.kind === 'full') {
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers: { ...headers, 'content-length': String(info.size) } });
  }
  const length = range.end - range.start + 1;
  const buf = Buffer.alloc(length);
  const fh = await open(file, 'r');
  try {
    await fh.read(buf, 0, length, range.start);
  } finally {
    await fh.close();
  }
  return new Response(buf, {
    status: 206,
    headers: { ...headers, 'content-length': String(length), 'content-range': `bytes ${range.start}-${range.end}/${info.size}` }
  });
};
