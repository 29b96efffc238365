import type { Alert } from '../core/alert';
import { mergeAlertCopies } from '../core/alert-lifecycle';

/**
 * One sensor's alerts for its page: the history's (read over the chart's range) and the live ones, which may repeat
 * them; each id's copy as the wall chose it (core mergeAlertCopies), newest raised first. By updatedAt alone, an
 * acknowledgement in the range made on the copy from before a worsening just before the range (stamped later on the
 * web's clock, refused by the ingest) beat the live worsened copy.
 */
export function sensorAlerts(sensorId: string, history: readonly Alert[], live: Iterable<Alert>): Alert[] {
  const byId = new Map<string, Alert>();
  for (const a of history) byId.set(a.id, mergeAlertCopies(a, byId.get(a.id)));
  for (const a of live) if (a.sensorId === sensorId) byId.set(a.id, mergeAlertCopies(a, byId.get(a.id)));
  return [...byId.values()].sort((a, b) => b.raisedAt - a.raisedAt);
}
