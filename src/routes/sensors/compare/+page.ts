import type { SensorHistory } from '$lib/core/history';
import { parseHours } from '$lib/realtime/history';
import { compareIds, MAX_COMPARE_SENSORS } from '$lib/components/compare-series';
import type { PageLoad } from './$types';

/**
 * Histories of up to six sensors, fetched in parallel from the per-sensor history API. Which ids make a
 * valid choice the page decides against the tab's live catalog (a sensor added since the tab opened
 * counts), not the layout's load from when it opened: an id the server does not know answers 404 here.
 */
export const load: PageLoad = async ({ fetch, url }) => {
  const hours = parseHours(url.searchParams.get('hours'));
  const ids = compareIds(url.searchParams.get('ids'));
  const histories: Record<string, SensorHistory | null> = {};
  if (ids.length <= MAX_COMPARE_SENSORS) {
    await Promise.all(
      ids.map(async (id) => {
        const res = await fetch(`/api/sensors/${encodeURIComponent(id)}/history?hours=${hours}`);
        // One failed history (InfluxDB down) leaves that line empty; the others still show.
        histories[id] = res.ok ? ((await res.json()) as SensorHistory) : null;
      })
    );
  }
  return { hours, histories, loadedAt: Date.now() };
};
