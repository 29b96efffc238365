import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getServerContext } from '$lib/server/context';
import { parseReplayWindow, readReplay } from '$lib/server/replay';
import { inHeavyReadTurn } from '$lib/server/heavy-reads';

/** `GET /api/replay?from&to&step`: every sensor downsampled to ≤ 500 frames, and the alert events of the window. */
export const GET: RequestHandler = async ({ url }) => {
  const p = url.searchParams;
  const w = parseReplayWindow({ from: p.get('from'), to: p.get('to'), step: p.get('step') }, Date.now());
  if ('error' in w) return json({ error: w.error, code: 'BAD_WINDOW' }, { status: 400 });
  const { influx, sensors } = getServerContext();
  // weeks of every sensor, open to every viewer: in the heavy reads' bounded turn
  const turn = inHeavyReadTurn(() => readReplay(influx, sensors, w));
  if (!turn) return json({ error: 'replay is busy: try again in a few seconds', code: 'BUSY' }, { status: 503, headers: { 'retry-after': '5' } });
  try {
    return json(await turn, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    console.error(`[web] replay query failed: ${(err as Error).message}`);
    return json({ error: 'history is not available', code: 'INFLUX_QUERY' }, { status: 503 });
  }
};
