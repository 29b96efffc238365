import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { allowPublicRequest, currentPublicSummary } from '$lib/server/public/service';

/**
 * Rendered on the server so the page reads without JavaScript; the browser then refreshes it from
 * /api/public/summary. `?d=<kecamatan>` picks the district: a link BPBD can share, and the chips work
 * as plain links on a phone without scripts.
 */
export const load: PageServerLoad = ({ getClientAddress, setHeaders, url }) => {
  const now = Date.now();
  if (!allowPublicRequest(getClientAddress(), now)) error(429, 'Terlalu banyak permintaan / too many requests');
  setHeaders({ 'cache-control': 'no-cache' });
  return { summary: currentPublicSummary(now), district: (url.searchParams.get('d') ?? '').slice(0, 100) };
};
