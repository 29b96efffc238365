import type { SensorHistory } from '$lib/core/history';
import { parseHours } from '$lib/realtime/history';
import { historyIds } from '$lib/components/compare-series';
import type { PageLoad } from './$types';

/**
 * Histories of up to six sensors, fetched in parallel from the per-sensor history API. Which ids make a
 * valid choice the page decides against the tab's live catalog (a sensor added since the tab opened
 * counts), not the layout's load from when it opened: an id the server does not know answers 404 here.
 * An id that cannot be a sensor's, or a choice of too many, is not asked for at all (historyIds).
 */
export const load: PageLoad = async ({ fetch, url }) => {
  const hours = parseHours(url.searchParams.get('hours'));
  const histories: Record<string, SensorHistory | null> = {};
  await Promise.all(
    historyIds(url.searchParams.get('ids')).map(async (id) => {
      const res = await fetch(`/api/sensors/${encodeURIComponent(id)}/history?hours=${hours}`);
      // One failed history (InfluxDB down) leaves that line empty; the others still show.
      histories[id] = res.ok ? ((await res.json()) as SensorHistory) : null;
    })
  );
  return { hours, histories, loadedAt: Date.now() };
};
