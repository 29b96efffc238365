/**
 * Which alerts the responder app shows: the live state's while it is connected, and after a drop
 * still the live state's if it is newer than the copy kept over HTTP (the kept copy is refreshed at
 * most every few seconds, so switching to it on every drop lost the newest alerts). Pure: tested
 * without a browser.
 */
import type { Alert } from '$lib/core/alert';

export interface KeptAlerts {
  alerts: Alert[];
  /** Server time of the answer, epoch ms. */
  at: number;
}

export interface AlertSource {
  alerts: Alert[];
  /** As of when the list is known, epoch ms; null while it is live. */
  asOf: number | null;
}

/**
 * `liveSyncedAt`: until when the live state was in sync with the server (0 = it never had a
 * snapshot); `live` its alerts.
 */
export function chooseAlertSource(connected: boolean, live: Iterable<Alert>, liveSyncedAt: number, kept: KeptAlerts | null): AlertSource {
  if (connected && liveSyncedAt > 0) return { alerts: [...live], asOf: null };
  if (liveSyncedAt > 0 && (!kept || liveSyncedAt >= kept.at)) return { alerts: [...live], asOf: liveSyncedAt };
  if (kept) return { alerts: kept.alerts, asOf: kept.at };
  return { alerts: [], asOf: null };
}
