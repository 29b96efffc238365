import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getHealth } from '$lib/server/api';
import { findRealtimeHub } from '$lib/server/hub-handle';

export const GET: RequestHandler = () => {
  const r = getHealth(findRealtimeHub());
  return json(r.body, { status: r.status, headers: { 'cache-control': 'no-store' } });
};
