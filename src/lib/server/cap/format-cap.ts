import { isMergedAway, type Alert, type AlertRule, type AlertSeverity, type Text } from '../../core/alert';
import type { SensorKind } from '../../core/sensor';
import { escapeXml } from './escape-xml';
import { WITA_OFFSET_MS } from '../../core/wita';
import { formatAlertValue } from '../../format/alert-value';

/**
 * One Pantau alert → one OASIS CAP 1.2 document (the alert as it stands now). Element order and
 * enumerations follow the CAP 1.2 data dictionary (§3.2); tests validate against tests/fixtures/cap/CAP-v1.2.xsd.
 */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_MEDIA_TYPE = 'application/cap+xml';
/** Radius of the `<circle>` around the sensor: the neighbourhood a gauge or roadside monitor speaks for. */
export const AREA_RADIUS_KM = 0.5;
const HEADLINE_MAX = 160;

export interface CapSender {
  sender: string;
  senderName: string;
}

export interface CapLocation {
  lat: number;
  lon: number;
}

/** CAP dateTime: `2026-11-28T21:53:00+08:00` (no fractions, no `Z`). */
export function formatCapTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000 + WITA_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** CAP identifiers may not hold spaces, commas, `<` or `&` (§3.2.1). Alert ids never do; this makes sure. */
export function formatCapIdentifier(text: string): string {
  return text.replace(/[\s,<&]/g, '_');
}

export type CapMsgType = 'Alert' | 'Update' | 'Cancel';

export function capMsgType(alert: Alert): CapMsgType {
  if (alert.state === 'resolved') return 'Cancel';
  return alert.updatedAt > alert.raisedAt ? 'Update' : 'Alert';
}

/** The first message about an alert is the one later messages reference. */
export function capIdentifier(alert: Alert): string {
  const base = formatCapIdentifier(alert.id);
  return capMsgType(alert) === 'Alert' ? base : `${base}.${alert.updatedAt}`;
}

const CATEGORY: Record<SensorKind, string> = { flood: 'Met', air: 'Env', traffic: 'Transport' };
/** The CAP `<event>` of each kind; the public page (server/public) names its warnings with the same words. */
export const CAP_EVENT: Record<SensorKind, Text> = {
  flood: { id: 'Banjir', en: 'Flood' },
  air: { id: 'Kualitas udara tidak sehat', en: 'Unhealthy air quality' },
  traffic: { id: 'Kemacetan lalu lintas', en: 'Traffic congestion' }
};
// "Severe" at most: "Extreme" (extraordinary threat to life) is a call for people, not for a threshold rule.
const SEVERITY: Record<AlertSeverity, string> = { critical: 'Severe', warning: 'Moderate', info: 'Minor' };
const URGENCY: Record<AlertSeverity, string> = { critical: 'Immediate', warning: 'Expected', info: 'Future' };
// Evacuation is ordered by BPBD, never by a sensor: the strongest automatic response is Prepare.
const RESPONSE: Record<AlertSeverity, string> = { critical: 'Prepare', warning: 'Monitor', info: 'Monitor' };
/** Measured now → Observed; forecast from a trend or from upstream → Likely; a statistical oddity → Possible. */
const CERTAINTY: Record<AlertRule, string> = {
  flood_level: 'Observed', air_quality: 'Observed', congestion: 'Observed',
  rate_of_rise: 'Likely', upstream_warning: 'Likely', statistical: 'Possible',
  sensor_silent: 'Unknown', sensor_stuck: 'Unknown', sensor_spike: 'Unknown', sensor_step: 'Unknown', sensor_range: 'Unknown'
};
export const RESOLVED_PREFIX: Text = { id: 'Selesai: ', en: 'Ended: ' };
const RESOLVED_INSTRUCTION: Text = { id: 'Kondisi sudah kembali normal. Tetap ikuti informasi resmi BPBD.', en: 'Conditions are back to normal. Keep following official BPBD information.' };
/**
 * An alert merged into another (`mergedInto`: raised twice for one condition across an ingest restart): withdrawn in
 * favour of the one that goes on, never an all-clear (the flood is still there).
 */
export const MERGED_PREFIX: Text = { id: 'Digabung: ', en: 'Merged: ' };
const mergedInstruction = (into: string): Text => ({
  id: `Peringatan ini digantikan oleh peringatan ${into} yang masih berlaku untuk kondisi yang sama; ikuti pesan itu.`,
  en: `This alert is superseded by alert ${into}, still in force for the same condition; follow that message.`
});

function element(name: string, text: string | number): string {
  return `<${name}>${escapeXml(String(text))}</${name}>`;
}

function formatCoordinate(n: number): string {
  return String(Math.round(n * 1e5) / 1e5);
}

function formatInfo(alert: Alert, lang: 'id' | 'en', sender: CapSender, location: CapLocation | undefined): string {
  const merged = isMergedAway(alert);
  // merged: the condition goes on (in the alert it went into), so it speaks as an open alert does
  const resolved = alert.state === 'resolved' && !merged;
  const prefix = merged ? MERGED_PREFIX[lang] : resolved ? RESOLVED_PREFIX[lang] : '';
  const headline = (prefix + alert.title[lang]).slice(0, HEADLINE_MAX);
  const instruction = merged ? `${mergedInstruction(alert.mergedInto!)[lang]} ${alert.action[lang]}` : resolved ? RESOLVED_INSTRUCTION[lang] : alert.action[lang];
  const valueText = formatAlertValue(alert, lang);
  const area = [
    element('areaDesc', `${alert.district}, Samarinda`),
    location ? element('circle', `${formatCoordinate(location.lat)},${formatCoordinate(location.lon)} ${AREA_RADIUS_KM}`) : ''
  ].join('');
  return [
    '<info>',
    element('language', lang === 'id' ? 'id-ID' : 'en-US'),
    element('category', CATEGORY[alert.kind]),
    element('event', CAP_EVENT[alert.kind][lang]),
    element('responseType', resolved ? 'AllClear' : RESPONSE[alert.severity]),
    element('urgency', resolved ? 'Past' : URGENCY[alert.severity]),
    element('severity', SEVERITY[alert.severity]),
    element('certainty', CERTAINTY[alert.rule]),
    `<eventCode>${element('valueName', 'pantau:rule')}${element('value', alert.rule)}</eventCode>`,
    element('effective', formatCapTime(alert.raisedAt)),
    element('senderName', sender.senderName),
    element('headline', headline),
    element('description', alert.explanation[lang]),
    element('instruction', instruction),
    `<parameter>${element('valueName', 'pantau:sensor')}${element('value', `${alert.sensorId} (${alert.sensorName})`)}</parameter>`,
    `<parameter>${element('valueName', 'pantau:value')}${element('value', alert.value)}</parameter>`,
    // A bare number tells a receiving system nothing: which measure it is, and the same in words with its unit.
    alert.valueField === undefined ? '' : `<parameter>${element('valueName', 'pantau:valueField')}${element('value', alert.valueField)}</parameter>`,
    valueText === null ? '' : `<parameter>${element('valueName', 'pantau:valueText')}${element('value', valueText)}</parameter>`,
    merged ? `<parameter>${element('valueName', 'pantau:mergedInto')}${element('value', formatCapIdentifier(alert.mergedInto!))}</parameter>` : '',
    `<area>${area}</area>`,
    '</info>'
  ].join('');
}

/**
 * The earlier message a later one references (CAP §3.2.1: `sender,identifier,sent`): the alert's own first. Never the
 * first of the alert a merged one went into: a Cancel cancels every message it references, so that would withdraw the
 * warning still in force; the merged alert names that one in its instruction and a `pantau:mergedInto` parameter instead.
 */
function capReferences(alert: Alert, sender: CapSender): string {
  return `${sender.sender},${formatCapIdentifier(alert.id)},${formatCapTime(alert.raisedAt)}`;
}

/**
 * The CAP document of an alert as it is now: Alert when new, Update after a change, Cancel once resolved (an AllClear,
 * or, merged into another alert, a withdrawal of this one only that names the one in force).
 */
export function formatCapAlert(alert: Alert, sender: CapSender, location: CapLocation | undefined): string {
  const msgType = capMsgType(alert);
  const references = msgType === 'Alert' ? '' : element('references', capReferences(alert, sender));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<alert xmlns="${CAP_NAMESPACE}">`,
    element('identifier', capIdentifier(alert)),
    element('sender', sender.sender),
    element('sent', formatCapTime(msgType === 'Alert' ? alert.raisedAt : alert.updatedAt)),
    element('status', 'Actual'),
    element('msgType', msgType),
    element('scope', 'Public'),
    references,
    formatInfo(alert, 'id', sender, location),
    formatInfo(alert, 'en', sender, location),
    '</alert>\n'
  ].join('');
}
