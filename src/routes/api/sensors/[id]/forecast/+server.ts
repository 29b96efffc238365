import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getSensorForecasts } from '$lib/server/forecast-api';
import { getServerContext } from '$lib/server/context';

export const GET: RequestHandler = async ({ params, url }) => {
  const { influx, sensors } = getServerContext();
  const r = await getSensorForecasts(influx, sensors, params.id, url.searchParams.get('hours'), Date.now());
  return json(r.body, { status: r.status, headers: { 'cache-control': 'no-store' } });
};
