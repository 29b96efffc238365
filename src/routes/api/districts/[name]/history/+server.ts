import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDistrictHistory } from '$lib/server/district-history';
import { getServerContext } from '$lib/server/context';

/** A district's chart: one kind's fields averaged over its sensors, from raw readings or rollups by range. */
export const GET: RequestHandler = async ({ params, url }) => {
  const { influx, sensors } = getServerContext();
  const r = await getDistrictHistory(influx, sensors, params.name, url.searchParams.get('kind'), url.searchParams.get('hours'), Date.now());
  return json(r.body, { status: r.status, headers: { 'cache-control': 'no-store' } });
};
