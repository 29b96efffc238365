import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAlerts } from '$lib/server/api';
import { findRealtimeHub } from '$lib/server/hub-handle';

export const GET: RequestHandler = ({ url }) => {
  const r = getAlerts(findRealtimeHub(), url.searchParams.get('state'), url.searchParams.get('hours'));
  return json(r.body, { status: r.status, headers: { 'cache-control': 'no-store' } });
};
