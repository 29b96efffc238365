import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getHealth } from '$lib/server/api';
import { findRealtimeHub } from '$lib/server/hub-handle';

export const GET: RequestHandler = ({ locals }) => {
  // a caller with no identity (anonymous viewing off, no login) gets no process ids or times
  const r = getHealth(findRealtimeHub(), Boolean(locals.identity));
  return json(r.body, { status: r.status, headers: { 'cache-control': 'no-store' } });
};
