import { escapeTag, formatAlertEventLine } from '../../src/lib/core/line-protocol';
import type { Reading } from '../../src/lib/core/reading';

/** Measurement and tags of a sensor's lines; the sensor id is already constrained to [a-z0-9_-]. */
export function linePrefix(r: Reading, district: string): string {
  return r.kind + ',district=' + escapeTag(district) + ',sensor=' + r.sensorId + ' ';
}

/** Line protocol for one reading. */
export function formatReading(r: Reading, district: string): string {
  return formatWithPrefix(linePrefix(r, district), r);
}

/** A reading's line once its sensor's prefix is known (the sink keeps one per sensor). */
export function formatWithPrefix(prefix: string, r: Reading): string {
  let line = prefix;
  let sep = '';
  for (const key in r.values) {
    line += sep + key + '=' + r.values[key];
    sep = ',';
  }
  return line + ' ' + r.ts;
}

/** Alert events are stored in the one format core defines (shared with the command center). */
export const formatAlertEvent = formatAlertEventLine;
