import type { RequestHandler } from './$types';
import { answerOpenReadings } from '$lib/server/open-data/service';

/** Open data (no login, see hooks.server.ts; licence and limits in README "Open data"): readings of one sensor as CSV or JSON. */
export const GET: RequestHandler = async ({ url, getClientAddress }) => {
  const r = await answerOpenReadings(url.searchParams, getClientAddress(), Date.now());
  return new Response(r.body, { status: r.status, headers: r.headers });
};
