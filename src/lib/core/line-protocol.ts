import type { AlertEvent } from './alert';
import type { DeliveryRecord } from './people';
import { MEASUREMENTS } from './influx-config';

/**
 * InfluxDB line protocol, formatted by hand: the client's Point objects cost most of its CPU.
 * Escaping follows the line-protocol reference: measurement escapes comma and space; tag keys,
 * tag values and field keys escape comma, equals and space; string field values escape
 * backslash and double quote. Newlines are not representable in any of them, so they are refused
 * upstream (ids match SENSOR_ID_PATTERN) and replaced here as a last line of defence.
 */
export function escapeMeasurement(s: string): string {
  return s.replace(/[\r\n]/g, ' ').replace(/[, \\]/g, (c) => '\\' + c);
}

/**
 * InfluxDB 1.x unescapes only `\,` `\=` and `\ ` in tags and keeps every other backslash, so
 * a backslash is written as is (escaping it would store two). A backslash just before , = space
 * or at the end would escape our separator instead: there it cannot be stored and becomes '/'.
 */
export function escapeTag(s: string): string {
  return s
    .replace(/[\r\n]/g, ' ')
    .replace(/\\+(?=[,= ]|$)/g, (run) => '/'.repeat(run.length))
    .replace(/[,= ]/g, (c) => '\\' + c);
}

export function escapeFieldString(s: string): string {
  return '"' + s.replace(/[\r\n]/g, ' ').replace(/["\\]/g, (c) => '\\' + c) + '"';
}

export type FieldValue = number | string | boolean;

/** One line: `measurement,tag=v field=1.5,other="x" <ts>`. Tags are sorted (InfluxDB prefers it). */
export function formatLine(
  measurement: string,
  tags: Record<string, string>,
  fields: Record<string, FieldValue>,
  ts: number
): string {
  let line = escapeMeasurement(measurement);
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key];
    if (value === '') continue; // empty tag values are invalid in line protocol
    line += ',' + escapeTag(key) + '=' + escapeTag(value);
  }
  let sep = ' ';
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    let text: string;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) continue;
      text = String(value);
    } else if (typeof value === 'boolean') text = value ? 'true' : 'false';
    else text = escapeFieldString(value);
    line += sep + escapeTag(key) + '=' + text;
    sep = ',';
  }
  return line + ' ' + Math.trunc(ts);
}

/** InfluxQL: string literal in single quotes, identifier in double quotes. */
export function quoteInfluxString(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/[\r\n]/g, ' ') + "'";
}

export function quoteInfluxIdent(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]/g, ' ') + '"';
}

/**
 * The stored form of an alert event (measurement `alert_events`): ingest and the command center both
 * write it, and a restart folds `doc` (the alert after the event), so there is exactly one format.
 * `merged_into` (the close of an alert merged into another): the look-back's marks read it, not the doc, to
 * follow the condition to the alert kept (influx/alert-lookback.ts).
 */
export function formatAlertEventLine(e: AlertEvent): string {
  const a = e.alert;
  const fields: Record<string, FieldValue> = { alert_id: a.id, state: a.state, value: a.value, by: e.by, doc: JSON.stringify(a) };
  if (a.mergedInto !== undefined) fields.merged_into = a.mergedInto;
  return formatLine(
    MEASUREMENTS.alertEvents,
    { sensor: a.sensorId, district: a.district, kind: a.kind, rule: a.rule, severity: a.severity, event: e.type },
    fields,
    e.at
  );
}

/**
 * The stored form of a delivery to a person (measurement `deliveries`, events policy), written by the
 * notifier: one line per alert the record is about (a digest names several), so an alert's deliveries
 * are `WHERE alert_id = '…'`; `doc` is the whole DeliveryRecord. Times must be unique per series, or
 * two lines of one ms would overwrite each other: a digest's lines take at, at+1, …, and the writer keeps
 * records' times strictly increasing.
 */
export function formatDeliveryLines(r: DeliveryRecord, at: number = r.at): string[] {
  return r.alertIds.map((alertId, i) =>
    formatLine(
      MEASUREMENTS.deliveries,
      { channel: r.channel, status: r.status, reason: r.reason },
      { alert_id: alertId, person_id: r.personId, attempt: r.attempt, doc: JSON.stringify(r) },
      at + i
    )
  );
}
