import type { DeliveryRecord } from '../../core/people';

/**
 * The recent deliveries of each alert, as the notifier publishes them, for the alert detail's first
 * look and for live updates. Bounded twice: records per alert (the oldest go first) and alerts held
 * (the one least recently delivered to goes first), so a storm of alerts or a noisy publisher cannot
 * grow memory. What falls out is still in InfluxDB (`/api/alerts/<id>/deliveries`).
 */
export const MAX_RECORDS_PER_ALERT = 50;
export const MAX_ALERTS = 1_000;

export interface DeliveryStore {
  /** Files a record under every alert it names; returns the alert ids it was filed under. */
  add(record: DeliveryRecord): string[];
  /** The alert's records, oldest first (a copy). */
  get(alertId: string): DeliveryRecord[];
  /** Records held in all. */
  size(): number;
  alertCount(): number;
}

export function createDeliveryStore(perAlert = MAX_RECORDS_PER_ALERT, maxAlerts = MAX_ALERTS): DeliveryStore {
  const byAlert = new Map<string, DeliveryRecord[]>();
  let total = 0;

  function file(alertId: string, record: DeliveryRecord): void {
    let list = byAlert.get(alertId);
    if (list) byAlert.delete(alertId); // re-inserted below: most recently delivered last
    else {
      list = [];
      while (byAlert.size >= maxAlerts) {
        const [oldest, dropped] = byAlert.entries().next().value!;
        byAlert.delete(oldest);
        total -= dropped.length;
      }
    }
    // Kept in time order: records of one alert can arrive out of order (retries, two notifiers).
    let i = list.length;
    while (i > 0 && list[i - 1].at > record.at) i--;
    list.splice(i, 0, record);
    total++;
    if (list.length > perAlert) {
      list.shift();
      total--;
    }
    byAlert.set(alertId, list);
  }

  return {
    add(record) {
      const ids = [...new Set(record.alertIds)];
      for (const id of ids) file(id, record);
      return ids;
    },
    get: (alertId) => [...(byAlert.get(alertId) ?? [])],
    size: () => total,
    alertCount: () => byAlert.size
  };
}
