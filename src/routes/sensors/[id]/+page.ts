import { error } from '@sveltejs/kit';
import type { SensorHistory } from '$lib/core/history';
import { parseHours } from '$lib/realtime/history';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  const hours = parseHours(url.searchParams.get('hours'));
  const res = await fetch(`/api/sensors/${encodeURIComponent(params.id)}/history?hours=${hours}`);
  if (res.status === 404) error(404, 'sensor not found');
  // History can fail while InfluxDB is down; the page still shows the sensor and its live values.
  const history = res.ok ? ((await res.json()) as SensorHistory) : null;
  return { id: params.id, hours, history, loadedAt: Date.now() };
};
