import type { RequestHandler } from './$types';
import { findRealtimeHub } from '$lib/server/hub-handle';
import { loadCapConfig } from '$lib/server/cap/config';
import { getCapFeed } from '$lib/server/cap/feed';
import { acceptsGzip } from '$lib/server/public/cache';
import { allowPublicRequest } from '$lib/server/public/service';

/** Atom index of active emergency alerts, each linking to its CAP 1.2 document (rendered once per change: feed.ts). */
export const GET: RequestHandler = ({ url, request, getClientAddress }) => {
  // public and unauthenticated, like open data: one address gets the same budget there
  if (!allowPublicRequest(getClientAddress(), Date.now())) {
    return new Response('too many requests', { status: 429, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' } });
  }
  const r = getCapFeed(findRealtimeHub(), loadCapConfig(), url.origin, Date.now(), {
    ifNoneMatch: request.headers.get('if-none-match'),
    gzip: acceptsGzip(request.headers.get('accept-encoding'))
  });
  return new Response(r.body, { status: r.status, headers: { 'content-type': r.contentType, 'cache-control': 'no-cache', ...r.headers } });
};
