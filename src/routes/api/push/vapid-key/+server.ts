import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { loadWebConfig } from '$lib/server/config';
import { isUserRole } from '$lib/server/auth/roles';

/**
 * The notifier's VAPID public key (VAPID_PUBLIC_KEY), which the responder app passes to
 * `pushManager.subscribe` as `applicationServerKey`. Public by nature, but only signed-in people
 * subscribe, so it sits behind the login like every other API.
 */
export const GET: RequestHandler = ({ locals }) => {
  // Anonymous viewers (PANTAU_ANONYMOUS_READ) and kiosks are nobody to notify.
  if (!isUserRole(locals.role)) return json({ ok: false, code: 'UNAUTHENTICATED', error: 'log in to receive alerts on this device' }, { status: 401 });
  const publicKey = loadWebConfig().vapidPublicKey;
  if (!publicKey) return json({ ok: false, code: 'PUSH_OFF', error: 'Web Push is not configured on this server (VAPID_PUBLIC_KEY)' }, { status: 503 });
  return json({ ok: true, publicKey }, { headers: { 'cache-control': 'no-store' } });
};
