import type { RequestHandler } from './$types';
import { getServerContext } from '$lib/server/context';
import { answerInsightFile } from '$lib/server/insights/service';
import { inInsightsTurn } from '$lib/server/insights/read-queue';

/** The numbers behind an /insights chart as CSV or JSON; signed in like the rest of the console (hooks.server.ts). */
export const GET: RequestHandler = async ({ params, url }) => {
  const { influx, sensors } = getServerContext();
  const turn = inInsightsTurn(() => answerInsightFile(params.file, url.searchParams, influx, sensors, Date.now()));
  if (!turn) return new Response('insights are busy: try again in a few seconds\n', { status: 503, headers: { 'retry-after': '5' } });
  const r = await turn;
  return new Response(r.body, { status: r.status, headers: r.headers });
};
