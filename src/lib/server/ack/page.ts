import type { AckVia, Alert, AlertSeverity, Text } from '../../core/alert';

/**
 * What the anonymous acknowledge page (`/ack/<token>`) is told: the outcomes of a link and the few alert fields it may
 * show.
 */

/** What the page may show of an alert: an anonymous page, so only these fields. */
export interface AckAlertView {
  id: string;
  title: Text;
  severity: AlertSeverity;
  sensorName: string;
  district: string;
  raisedAt: number;
  state: Alert['state'];
  acknowledgedBy?: string;
  acknowledgedAt?: number;
  acknowledgedVia?: AckVia;
  resolvedBy?: string;
  resolvedAt?: number;
  /** Closed as merged into this alert (the condition goes on there): the page must not read as an all-clear. */
  mergedInto?: string;
}

/**
 * `mergedFrom`: the link was for this alert, merged into `alert` (the condition goes on there), so it acknowledges
 * `alert` and the page says so.
 */
export type AckPage =
  | { status: 'confirm'; alert: AckAlertView; personName: string; via: AckVia; mergedFrom?: string }
  | { status: 'done'; alert: AckAlertView; personName: string; via: AckVia; mergedFrom?: string }
  /** Acknowledged (by someone) or resolved already: nothing to do. */
  | { status: 'closed'; alert: AckAlertView; mergedFrom?: string }
  | { status: 'used'; usedAt: number }
  /** The alert got worse after the link was sent: the acknowledgement it offers was for the milder state. */
  | { status: 'stale'; alert: AckAlertView; worsenedAt: number; mergedFrom?: string }
  | { status: 'expired' }
  /** Malformed or forged. */
  | { status: 'invalid' }
  /** The alert is no longer held (resolved long ago) or the person is gone from the directory. */
  | { status: 'unknown' }
  | { status: 'busy' }
  /** The link is about a newer version of the alert than this server has heard yet: try again in a moment. */
  | { status: 'behind' }
  | { status: 'failed' };

export function toAlertView(a: Alert): AckAlertView {
  const { id, title, severity, sensorName, district, raisedAt, state, acknowledgedBy, acknowledgedAt, acknowledgedVia, resolvedBy, resolvedAt, mergedInto } = a;
  const view: AckAlertView = { id, title, severity, sensorName, district, raisedAt, state, acknowledgedBy, acknowledgedAt, acknowledgedVia, resolvedBy, resolvedAt };
  if (mergedInto !== undefined) view.mergedInto = mergedInto;
  return view;
}

/** `mergedFrom` on a page only when set (the page and its tests compare whole objects). */
export const withMergedFrom = (mergedFrom: string | undefined) => (mergedFrom === undefined ? {} : { mergedFrom });
