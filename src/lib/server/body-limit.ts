/**
 * How big a request body each route takes, in one place for the dev server and the production one.
 * adapter-node reads at most BODY_SIZE_LIMIT bytes of any body (512 KB unless set); the registry import
 * takes files of up to MAX_IMPORT_BYTES characters, so scripts/web.ts raises BODY_SIZE_LIMIT to the largest
 * route limit here, and the hook refuses a body declared larger than its route's limit before anything reads
 * it. Without this a 1 MB import worked under `npm run dev` (no limit there) and failed in production with
 * "body must be JSON", the adapter's refusal surfacing as a parse error.
 */
import { error } from '@sveltejs/kit';
import { MAX_IMPORT_BYTES } from './registry/parse-import';

/** adapter-node's default, kept for every route not listed below: logins, actions and forms are small. */
export const DEFAULT_BODY_BYTES = 512 * 1024;
/** The import's file text as a JSON string: its characters plus room for escapes (quotes, newlines) and the reason. */
export const IMPORT_BODY_BYTES = Math.ceil((MAX_IMPORT_BYTES * 1.25) / (1024 * 1024)) * 1024 * 1024;
const ROUTE_BODY_BYTES: ReadonlyMap<string, number> = new Map([['/api/registry/import', IMPORT_BODY_BYTES]]);
/** BODY_SIZE_LIMIT for adapter-node: the most any route takes (a body sent without a length is cut there). */
export const SERVER_BODY_BYTES = Math.max(DEFAULT_BODY_BYTES, ...ROUTE_BODY_BYTES.values());

/** BODY_SIZE_LIMIT as adapter-node reads it: bytes, or with a K, M or G suffix (powers of 1024). */
export function parseBodySizeLimit(text: string): number {
  const unit = ({ K: 1024, M: 1024 ** 2, G: 1024 ** 3 } as Record<string, number>)[text.slice(-1).toUpperCase()];
  return unit ? Number(text.slice(0, -1)) * unit : Number(text);
}

export function bodyLimitFor(pathname: string): number {
  return ROUTE_BODY_BYTES.get(pathname) ?? DEFAULT_BODY_BYTES;
}

const megabytes = (bytes: number, decimal: ',' | '.') => (bytes / (1024 * 1024)).toFixed(1).replace('.', decimal);

/** 413 in the edit APIs' shape (`{ok: false, code, errors}`), said in Indonesian and English; the limit when known. */
export function bodyTooLarge(limit?: number, sent?: number): Response {
  const idLimit = limit === undefined ? ' untuk server ini' : `: paling banyak ${megabytes(limit, ',')} MB`;
  const enLimit = limit === undefined ? ' for this server' : `: at most ${megabytes(limit, '.')} MB`;
  const idSent = sent === undefined ? '' : ` (terkirim ${megabytes(sent, ',')} MB)`;
  const enSent = sent === undefined ? '' : ` (${megabytes(sent, '.')} MB sent)`;
  const errors = [`Permintaan terlalu besar${idLimit}${idSent}.`, `Request too large${enLimit}${enSent}.`];
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  return new Response(JSON.stringify({ ok: false, code: 'TOO_LARGE', errors }), { status: 413, headers });
}

/**
 * The 413 for a body declared (Content-Length) larger than its route takes; null when it fits or says nothing.
 * The body is read to its end and dropped first (never more than BODY_SIZE_LIMIT: adapter-node stops there):
 * left unread, it stalled the connection, and the client's next request on it failed with a reset. Closing the
 * connection instead cut the client off mid-upload, before it could read the answer.
 */
export async function refuseDeclaredBody(request: Request, pathname: string): Promise<Response | null> {
  const declared = Number(request.headers.get('content-length') ?? '');
  const limit = bodyLimitFor(pathname);
  if (!(Number.isFinite(declared) && declared > limit)) return null;
  await request.body?.pipeTo(new WritableStream()).catch(() => undefined);
  return bodyTooLarge(limit, declared);
}

/**
 * A body sent without a length (chunked) passes refuseDeclaredBody unread, and adapter-node cuts it only at
 * BODY_SIZE_LIMIT, the import's 6 MB: a login or an action took 6 MB that way, not its route's 512 KB. This
 * counts such a body against its route's limit as the route reads it and errors it past the limit with a 413,
 * as adapter-node does (edit-api's readBody answers TOO_LARGE). The rest is read and dropped, never held, as
 * refuseDeclaredBody does, so the answer reaches a client still sending; past BODY_SIZE_LIMIT's worth it is cut.
 */
export function capUndeclaredBody(request: Request, pathname: string): Request {
  if (!request.body || request.headers.has('content-length')) return request;
  const limit = bodyLimitFor(pathname);
  const reader = request.body.getReader();
  let size = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      size += value.byteLength;
      if (size <= limit) return controller.enqueue(value);
      controller.error(payloadTooLarge(limit));
      void dropRest(reader, size).catch(() => undefined);
    },
    cancel: (reason) => reader.cancel(reason)
  });
  const init = { method: request.method, headers: request.headers, body, signal: request.signal, duplex: 'half' };
  return new Request(request.url, init as RequestInit);
}

/**
 * SvelteKit's own 413 (an HttpError, thrown by `error()` and caught here to hand over): a route that lets it
 * escape answers 413 like adapter-node's refusal. A plain Error with a status was answered 500, its stack logged.
 */
function payloadTooLarge(limit: number): unknown {
  try {
    error(413, `request body size exceeded the limit of ${limit} bytes`);
  } catch (err) {
    return err;
  }
}

async function dropRest(reader: ReadableStreamDefaultReader<Uint8Array>, read: number): Promise<void> {
  while (read <= SERVER_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) return;
    read += value.byteLength;
  }
  await reader.cancel();
}

/**
 * adapter-node's refusal of a body past BODY_SIZE_LIMIT, met while the body is read (a length it was not told,
 * or a BODY_SIZE_LIMIT set below the route's limit), as a 413; null for any other error. The limit is taken
 * from SvelteKit's message when it names one ("… limit of N bytes", "… BODY_SIZE_LIMIT of N"), or capUndeclaredBody's.
 */
export function bodyTooLargeFrom(err: unknown): Response | null {
  if (typeof err !== 'object' || err === null || (err as { status?: unknown }).status !== 413) return null;
  const { message, body } = err as { message?: unknown; body?: { message?: unknown } };
  const named = /(?:limit|BODY_SIZE_LIMIT) of (\d+)/.exec(String(message ?? body?.message ?? ''));
  return bodyTooLarge(named ? Number(named[1]) : undefined);
}
