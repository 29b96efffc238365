import type { RequestHandler } from './$types';
import { findRealtimeHub } from '$lib/server/hub-handle';
import { loadCapConfig } from '$lib/server/cap/config';
import { getCapDocument } from '$lib/server/cap/feed';

/** One alert as a CAP 1.2 document (`<alertId>.xml`, the id URL-encoded). */
export const GET: RequestHandler = ({ params }) => {
  const r = getCapDocument(findRealtimeHub(), loadCapConfig(), params.id, Date.now());
  return new Response(r.body, { status: r.status, headers: { 'content-type': r.contentType, 'cache-control': 'no-cache' } });
};
