import { isMergedAway, type Alert } from '../../core/alert';
import { escapeXml } from './escape-xml';
import { CAP_MEDIA_TYPE, MERGED_PREFIX, RESOLVED_PREFIX, capMsgType, type CapSender } from './format-cap';

/**
 * The feed index: Atom 1.0 with one entry per alert, each linking to its CAP 1.2 document. This is the
 * usual way to publish several CAP alerts (one CAP document holds one message; alert hubs and
 * aggregators poll an Atom or RSS index).
 */
export const ATOM_MEDIA_TYPE = 'application/atom+xml';
export const FEED_PATH = '/api/cap/alerts.xml';

export function capDocumentPath(alertId: string): string {
  return `/api/cap/${encodeURIComponent(alertId)}.xml`;
}

function rfc3339(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function formatEntry(alert: Alert, origin: string): string {
  const href = escapeXml(origin + capDocumentPath(alert.id));
  const merged = isMergedAway(alert);
  const prefix = merged ? MERGED_PREFIX : alert.state === 'resolved' ? RESOLVED_PREFIX : { id: '', en: '' };
  return [
    '<entry>',
    `<id>${href}</id>`,
    `<title xml:lang="id">${escapeXml(prefix.id + alert.title.id)}</title>`,
    `<updated>${rfc3339(alert.updatedAt)}</updated>`,
    `<published>${rfc3339(alert.raisedAt)}</published>`,
    `<summary xml:lang="en">${escapeXml(prefix.en + alert.title.en + ' — ' + alert.explanation.en)}</summary>`,
    `<category term="${escapeXml(capMsgType(alert))}" label="CAP msgType"/>`,
    `<category term="${escapeXml(alert.severity)}" label="Pantau severity"/>`,
    `<link rel="alternate" type="${CAP_MEDIA_TYPE}" href="${href}"/>`,
    '</entry>'
  ].join('');
}

/** `alerts` newest first; `origin` like `https://pantau.samarinda.go.id` (no trailing slash). */
export function formatCapFeed(alerts: readonly Alert[], sender: CapSender, origin: string, nowMs: number): string {
  const self = escapeXml(origin + FEED_PATH);
  const updated = alerts.reduce((t, a) => Math.max(t, a.updatedAt), 0) || nowMs;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${self}</id>`,
    `<title>${escapeXml(sender.senderName)}: peringatan aktif / active alerts (CAP 1.2)</title>`,
    `<updated>${rfc3339(updated)}</updated>`,
    `<author><name>${escapeXml(sender.senderName)}</name><email>${escapeXml(sender.sender)}</email></author>`,
    `<link rel="self" type="${ATOM_MEDIA_TYPE}" href="${self}"/>`,
    ...alerts.map((a) => formatEntry(a, origin)),
    '</feed>\n'
  ].join('');
}
