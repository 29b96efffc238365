import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { uncoveredEmergency } from './route';

/**
 * Critical emergencies no team covers (route.ts uncoveredEmergency): nobody is paged and no chain runs, which left
 * no page, no record, no log line and no count. Logged once per alert, with its kind and district (the rota gap an
 * admin has to close), counted for the metrics, and recorded on the alert (status `uncovered`): its console said
 * "Nobody has been messaged yet", which reads as paging under way.
 */
export interface UncoveredLog {
  /** An event the dispatcher takes. */
  note(directory: Directory, event: AlertEvent): void;
  /** Alerts found uncovered so far. */
  count(): number;
  /** Recorded uncovered before a restart (its `uncovered` record read back): not logged, recorded or counted again. */
  known(alertId: string): void;
}

/** Quoted and cut: the payload's kind and district are not checked on the wire, and a newline would forge a log line. */
const quoted = (s: unknown): string => JSON.stringify(String(s).slice(0, 100));

/**
 * The kind and district an uncovered record is about, beside the record: its wire form (a strict schema) has no field for
 * them, and the audit log says them in the reader's language (records.ts). Weak: gone with the record.
 */
const places = new WeakMap<DeliveryRecord, { kind: string; district: string }>();

export function uncoveredPlace(r: DeliveryRecord): { kind: string; district: string } | undefined {
  return places.get(r);
}

/** The alert's record that nobody on call is paged for it: no person, no channel tried (core/people.ts `uncovered`). */
export function uncoveredRecord(alert: Pick<Alert, 'id' | 'kind' | 'district'>, at: number): DeliveryRecord {
  const error = `covered by no team (kind ${quoted(alert.kind)}, district ${quoted(alert.district)}): nobody on call is paged`;
  const r: DeliveryRecord = { at, alertIds: [alert.id], personId: '', personName: '', reason: 'oncall', channel: 'webpush', status: 'uncovered', attempt: 0, error };
  places.set(r, { kind: String(alert.kind).slice(0, 100), district: String(alert.district).slice(0, 100) });
  return r;
}

/**
 * `max`: alert ids remembered as told (the oldest forgotten first: it would be logged again). `record`: where the alert's
 * `uncovered` record goes (MQTT, InfluxDB, the audit log), once per alert as the log line; after a restart, the alerts
 * whose records the restore read back (`known`) are not recorded again (the next event of the alert, its 10-minute
 * escalation or the journal's replay, wrote a second one after every restart).
 */
export function createUncoveredLog(log: (message: string) => void, options: { max?: number; record?: (r: DeliveryRecord) => void; now?: () => number } = {}): UncoveredLog {
  const { max = 10_000, record, now = Date.now } = options;
  const told = new Set<string>();
  let count = 0;
  const remember = (id: string) => {
    told.add(id);
    if (told.size > max) told.delete(told.values().next().value as string);
  };
  return {
    note(directory, event) {
      const { alert } = event;
      if (told.has(alert.id) || !uncoveredEmergency(directory, event)) return;
      remember(alert.id);
      count++;
      log(`paging: critical emergency ${quoted(alert.id)} (kind ${quoted(alert.kind)}, district ${quoted(alert.district)}) is covered by no team: nobody on call is paged for it (add its kind or district to a team)`);
      record?.(uncoveredRecord(alert, now()));
    },
    count: () => count,
    known: remember
  };
}
