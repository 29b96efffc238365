import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebConfig } from '../config';
import { NON_PAGE_CSP } from '../auth/headers';
import { clientAddress } from '../client-address';
import { answerPublicSummary } from './service';

export const PUBLIC_SUMMARY_PATH = '/api/public/summary';

/**
 * GET /api/public/summary straight from node's http.Server (scripts/web.ts), before SvelteKit: the
 * answer is a cached string, so the framework's per-request work (routing, hooks, identity) would be
 * most of its cost at the 1,000 requests/s the public page is sized for (bench:public). Same answer,
 * cache and per-address budget as the SvelteKit route (which serves `vite dev`). Security headers:
 * web.ts sets the common ones first; a JSON answer gets the strict non-page CSP like any other.
 */
export function handlePublicSummaryRequest(req: IncomingMessage, res: ServerResponse, config: Pick<WebConfig, 'proxy'>): boolean {
  if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== PUBLIC_SUMMARY_PATH) return false;
  const address = clientAddress(req.headers, req.socket.remoteAddress, config.proxy);
  const ifNoneMatch = req.headers['if-none-match'];
  const r = answerPublicSummary(address, typeof ifNoneMatch === 'string' ? ifNoneMatch : null, Date.now(), req.headers['accept-encoding']);
  res.writeHead(r.status, { ...r.headers, 'content-security-policy': NON_PAGE_CSP });
  res.end(r.body ?? undefined);
  return true;
}
