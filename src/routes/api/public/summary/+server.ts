import type { RequestHandler } from './$types';
import { answerPublicSummary } from '$lib/server/public/service';

/** The public page's data (no login, see hooks.server.ts): cached a few seconds, ETag, per-address budget. */
export const GET: RequestHandler = ({ request, getClientAddress }) => {
  const r = answerPublicSummary(getClientAddress(), request.headers.get('if-none-match'), Date.now(), request.headers.get('accept-encoding'));
  return new Response(r.body, { status: r.status, headers: r.headers });
};
