import type { RequestHandler } from './$types';
import { findRealtimeHub } from '$lib/server/hub-handle';
import { loadCapConfig } from '$lib/server/cap/config';
import { getCapFeed } from '$lib/server/cap/feed';

/** Atom index of active emergency alerts, each linking to its CAP 1.2 document. */
export const GET: RequestHandler = ({ url }) => {
  const r = getCapFeed(findRealtimeHub(), loadCapConfig(), url.origin, Date.now());
  return new Response(r.body, { status: r.status, headers: { 'content-type': r.contentType, 'cache-control': 'no-cache' } });
};
