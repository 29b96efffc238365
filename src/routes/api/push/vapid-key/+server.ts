import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { loadWebConfig } from '$lib/server/config';

/**
 * The notifier's VAPID public key (VAPID_PUBLIC_KEY), which the responder app passes to
 * `pushManager.subscribe` as `applicationServerKey`. Public by nature, but only signed-in people
 * subscribe, so it sits behind the login like every other API.
 */
export const GET: RequestHandler = () => {
  const publicKey = loadWebConfig().vapidPublicKey;
  if (!publicKey) return json({ ok: false, code: 'PUSH_OFF', error: 'Web Push is not configured on this server (VAPID_PUBLIC_KEY)' }, { status: 503 });
  return json({ ok: true, publicKey }, { headers: { 'cache-control': 'no-store' } });
};
