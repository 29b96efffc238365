import type { Alert } from '../../core/alert';
import { alertVersion } from '../../core/alert-lifecycle';
import type { AuditDetail } from '../../i18n/audit-detail';
import { ACK_TOKEN_TTL_MS, type AckClaims } from '../../notify/ack-token';

/**
 * A link is signed about one version of its alert; the server's copy may be newer (the alert got worse since it was
 * sent) or older (a worsening this server has not heard yet). These judge which, and catch up the older copy.
 */

/**
 * How long a link may stay ahead of this server before the page stops saying "try again in a moment": past it the
 * server is not about to catch up (re-read from InfluxDB too), so the person is told to call the command center.
 */
export const BEHIND_GIVE_UP_MS = 5 * 60_000;

/**
 * Whether the link was for a milder state than the alert's now: by the version it was signed with, not the clocks (the
 * notifier's a few ms behind the ingest's made every fresh link of a re-page after a worsening stale). A link signed
 * before versions were added (a day old at most) keeps the old rule, its signing time against `worsenedAt`.
 */
export function sentBeforeWorsening(claims: AckClaims, alert: Alert): boolean {
  if (claims.version !== undefined) return alertVersion(alert) > claims.version;
  return alert.worsenedAt !== undefined && claims.exp - ACK_TOKEN_TTL_MS < alert.worsenedAt;
}

/** Whether the link was signed about a newer version of the alert than `alert` (a worsening this copy has not heard). */
export function linkIsAhead(claims: AckClaims, alert: Alert): boolean {
  return claims.version !== undefined && claims.version > alertVersion(alert);
}

/**
 * The link is ahead of the hub's copy: the hub hears a missed worsening from InfluxDB only when MQTT resubscribes, so
 * this one alert is read back now. Still ahead: "try again in a moment" while the worsening is fresh (the ingest's
 * write may not have landed), else "call the command center" rather than a day of "try again".
 */
export async function catchUp(
  hub: { refreshAlert?(id: string): Promise<Alert | undefined> },
  now: () => number,
  claims: AckClaims,
  held: Alert
): Promise<Alert | { status: 'behind' | 'failed'; said: AuditDetail }> {
  // The audit's detail as a code (i18n/audit-detail.ts): whether the alert was read back, and why not.
  let read: { code: 'ack.behind' | 'ack.behindUnread' | 'ack.behindReadFailed'; error?: string } = { code: 'ack.behindUnread' };
  if (hub.refreshAlert) {
    const fresh = await hub.refreshAlert(claims.alertId).then(
      (a) => ((read = { code: 'ack.behind' }), a),
      (err: Error) => ((read = { code: 'ack.behindReadFailed', error: err.message.slice(0, 200) }), undefined)
    );
    if (fresh && (fresh.state === 'resolved' || !linkIsAhead(claims, fresh))) return fresh;
    held = fresh ?? held;
  }
  // The age counts from the worsening (the link's version), but backup and lead pages carry that version and go out
  // 10-20 min after it: a read that failed (InfluxDB slow) says nothing about whether the hub will catch up, so try again.
  const giveUp = read.code !== 'ack.behindReadFailed' && now() - (claims.version ?? 0) > BEHIND_GIVE_UP_MS;
  const args = { jti: claims.jti, version: String(claims.version), has: alertVersion(held), ...(read.error !== undefined ? { error: read.error } : {}), ...(giveUp ? { giveUp: 1 } : {}) };
  return { status: giveUp ? 'failed' : 'behind', said: { code: read.code, args } };
}
