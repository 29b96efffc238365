import type { PageServerLoad } from './$types';
import { getServerContext } from '$lib/server/context';
import { readAllInsights } from '$lib/server/insights/service';

/** The four views over `?from&to` (default the last 28 days), each with its own error when it cannot be read. */
export const load: PageServerLoad = async ({ url }) => {
  const { influx, sensors } = getServerContext();
  const nowMs = Date.now();
  return { insights: await readAllInsights(influx, sensors, url.searchParams, nowMs), nowMs };
};
