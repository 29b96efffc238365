import type { PageLoad } from './$types';
import type { ReplayData } from '$lib/core/history';
import { parseReplayParams } from '$lib/realtime/replay-frame';

export const load: PageLoad = async ({ fetch, url }) => {
  const p = parseReplayParams(url.searchParams, Date.now());
  if (p.badTime) return { params: p, replay: null, replayError: 'bad_time' };
  const res = await fetch(`/api/replay?from=${p.from}&to=${p.to}`);
  const replay = res.ok ? ((await res.json()) as ReplayData) : null;
  return { params: p, replay, replayError: res.ok ? '' : `${res.status}` };
};
