import type { SensorHistory } from '$lib/core/history';
import { parseHours } from '$lib/realtime/history';
import { parseCompareIds } from '$lib/components/compare-series';
import type { PageLoad } from './$types';

/** Histories of up to six same-kind sensors, fetched in parallel from the per-sensor history API. */
export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { catalog } = await parent();
  const hours = parseHours(url.searchParams.get('hours'));
  const selection = parseCompareIds(url.searchParams.get('ids'), catalog);
  const histories: Record<string, SensorHistory | null> = {};
  if (selection.ok) {
    await Promise.all(
      selection.sensors.map(async (s) => {
        const res = await fetch(`/api/sensors/${encodeURIComponent(s.id)}/history?hours=${hours}`);
        // One failed history (InfluxDB down) leaves that line empty; the others still show.
        histories[s.id] = res.ok ? ((await res.json()) as SensorHistory) : null;
      })
    );
  }
  return { hours, selection, histories, loadedAt: Date.now() };
};
