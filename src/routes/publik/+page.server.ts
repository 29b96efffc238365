import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { allowPublicRequest, currentPublicSummary } from '$lib/server/public/service';

/** Rendered on the server so the page reads without JavaScript; the browser then refreshes it from /api/public/summary. */
export const load: PageServerLoad = ({ getClientAddress, setHeaders }) => {
  const now = Date.now();
  if (!allowPublicRequest(getClientAddress(), now)) error(429, 'Terlalu banyak permintaan / too many requests');
  setHeaders({ 'cache-control': 'no-cache' });
  return { summary: currentPublicSummary(now) };
};
