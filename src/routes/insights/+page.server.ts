import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getServerContext } from '$lib/server/context';
import { readAllInsights } from '$lib/server/insights/service';
import { inInsightsTurn } from '$lib/server/insights/read-queue';

/** The four views over `?from&to` (default the last 28 days), each with its own error when it cannot be read. */
export const load: PageServerLoad = async ({ url }) => {
  const { influx, sensors } = getServerContext();
  const nowMs = Date.now();
  const insights = inInsightsTurn(() => readAllInsights(influx, sensors, url.searchParams, nowMs));
  if (!insights) error(503, 'insights are busy: try again in a few seconds');
  return { insights: await insights, nowMs };
};
