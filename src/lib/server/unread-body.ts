/**
 * A request body the route never read, dealt with once its answer is out. adapter-node's request stream
 * starts reading the body and pauses it after the first chunk; a route that answers without reading it (a
 * 401 at login, a 403, a route that ignores its body) left the rest in the socket. Node does not discard a
 * body someone began to read, so the keep-alive connection sat paused until the keep-alive timeout reset
 * it (about 6 s): the browser's next request on it waited that long, then failed or was retried elsewhere.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * After `res` finishes, reads and drops what is left of `req`'s body, up to `maxBytes` (the most the server
 * takes of any body, SERVER_BODY_BYTES): the connection then serves its next request at once. A body that
 * goes on past that is no upload of ours: its connection is closed instead of read for minutes. A body nobody
 * began to read (adapter-node's 413 to a declared length past BODY_SIZE_LIMIT, a request without a content-type)
 * Node drops itself, unseen here and uncounted: only the request timeout (http-timeouts.ts) bounds that one.
 */
export function drainUnreadBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  res.once('finish', () => {
    if (req.complete || req.destroyed) return;
    let drained = 0;
    // The framework's own reader would pause the request again at its next chunk: the body is nobody's now.
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > maxBytes) req.socket.destroy();
    });
    req.resume();
  });
}
