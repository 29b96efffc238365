import type { RequestHandler } from './$types';
import { getServerContext } from '$lib/server/context';
import { answerInsightFile } from '$lib/server/insights/service';

/** The numbers behind an /insights chart as CSV or JSON; signed in like the rest of the console (hooks.server.ts). */
export const GET: RequestHandler = async ({ params, url }) => {
  const { influx, sensors } = getServerContext();
  const r = await answerInsightFile(params.file, url.searchParams, influx, sensors, Date.now());
  return new Response(r.body, { status: r.status, headers: r.headers });
};
