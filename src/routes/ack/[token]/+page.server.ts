import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getAckService } from '$lib/server/ack/handle';
import type { AckPage } from '$lib/server/ack/service';

/**
 * `/ack/<token>`: the confirm page of an acknowledge link (open without a login: the token is the
 * credential, see hooks.server.ts). GET shows; only the form's POST acknowledges.
 */
const OFF = 'Tautan penanganan tidak aktif di server ini / Acknowledge links are not enabled on this server';
const UNAVAILABLE = 'Layanan penanganan sedang tidak tersedia, coba lagi sebentar / Acknowledging is unavailable right now, try again shortly';
const BUSY = 'Terlalu banyak permintaan, coba lagi sebentar / Too many requests, try again shortly';

/** HTTP status of a refused confirmation (the page still says what happened, in both languages). */
const STATUS: Record<AckPage['status'], number> = {
  confirm: 200, done: 200, closed: 409, used: 409, stale: 409, expired: 410, invalid: 400, unknown: 404, busy: 429, behind: 503, failed: 503
};

async function service() {
  const s = await getAckService();
  if (s === 'off') error(404, OFF);
  if (s === 'unavailable') error(503, UNAVAILABLE);
  return s;
}

export const load: PageServerLoad = async ({ params, getClientAddress, setHeaders }) => {
  // The token is in the URL: never cached, never indexed.
  setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  const page = await (await service()).inspect(params.token, getClientAddress());
  if (page.status === 'busy') error(429, BUSY);
  return { page, token: params.token };
};

export const actions: Actions = {
  default: async ({ request, params, getClientAddress }) => {
    const form = await request.formData().catch(() => null);
    const token = String(form?.get('token') ?? params.token).slice(0, 2_048);
    const page = await (await service()).accept(token, getClientAddress());
    return page.status === 'done' ? { page } : fail(STATUS[page.status], { page });
  }
};
