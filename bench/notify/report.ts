/**
 * bench:notify's figures from what it saw: the alerts (where each came from) and the notifier's
 * DeliveryRecords. Pure: numbers and markdown out, nothing measured here.
 */
import type { AlertCategory, AlertSeverity } from '../../src/lib/core/alert';
import type { ChannelKind, DeliveryRecord } from '../../src/lib/core/people';
import { percentile } from '../lib/proc';
import type { ProviderCounts } from './delivery-stack';

/** One alert the storm raised, and the clocks along its way (epoch ms, all on this machine). */
export interface AlertOrigin {
  severity: AlertSeverity;
  /** Maintenance alerts (a sensor fault) page nobody: counted, not timed. */
  category: AlertCategory;
  rule: string;
  sensorId: string;
  /** The alert event reached the bench's subscriber (from events: when the bench published it). */
  eventAt: number;
  /** Publish time of the reading that raised it; undefined when no published reading matches (from events, or raised by the clock). */
  readingAt?: number;
  /** Publish time of the gauge's first reading over its line (warnings wait for the policy's minute). */
  crossedAt?: number;
}

export type Origins = ReadonlyMap<string, AlertOrigin>;

const CHANNELS: ChannelKind[] = ['webpush', 'whatsapp', 'telegram', 'email'];
const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
const fmt = (xs: readonly number[]) => `${percentile(xs, 50)} | ${percentile(xs, 99)} | ${xs.at(-1) ?? NaN}`;

function isCritical(origins: Origins, r: DeliveryRecord): boolean {
  return r.alertIds.some((id) => origins.get(id)?.severity === 'critical');
}

/** Most messages (distinct sends, not channel attempts) one person got in any 60-s window. */
export function maxPerMinute(records: readonly DeliveryRecord[], include: (r: DeliveryRecord) => boolean = () => true): number {
  const byPerson = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const r of records) {
    const key = `${r.personId}|${r.alertIds.join(',')}|${r.reason}`;
    if (r.status !== 'sent' || seen.has(key) || !include(r)) continue;
    seen.add(key);
    byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r.at]);
  }
  let max = 0;
  for (const times of byPerson.values()) {
    sorted(times);
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 60_000) j++;
      max = Math.max(max, i - j + 1);
    }
  }
  return max;
}

/** Per channel and severity: reading → provider accepted, and alert event → provider accepted (first messages, digests apart). */
export function latencyTable(records: readonly DeliveryRecord[], origins: Origins, fromReadings: boolean): string {
  const first = records.filter((r) => r.status === 'sent' && r.reason !== 'digest');
  const rows: string[] = [];
  for (const channel of CHANNELS) {
    for (const severity of ['warning', 'critical'] as AlertSeverity[]) {
      const mine = first.filter((r) => r.channel === channel && origins.get(r.alertIds[0])?.severity === severity);
      const fromEvent = sorted(mine.map((r) => r.at - origins.get(r.alertIds[0])!.eventAt));
      const fromReading = sorted(mine.flatMap((r) => {
        const at = origins.get(r.alertIds[0])!.readingAt;
        return at === undefined ? [] : [r.at - at];
      }));
      rows.push(`| ${channel} | ${severity} | ${mine.length} | ${fromReadings ? `${fromReading.length} | ${fmt(fromReading)} | ` : ''}${fmt(fromEvent)} |`);
    }
  }
  const head = fromReadings
    ? ['| channel | alert | deliveries | from a reading | reading → accepted p50 ms | p99 ms | max ms | alert event → accepted p50 ms | p99 ms | max ms |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |']
    : ['| channel | alert | deliveries | alert event → accepted p50 ms | p99 ms | max ms |', '| --- | --- | --- | --- | --- | --- |'];
  return [...head, ...rows].join('\n');
}

/** The ingest's share: reading publish → alert event at a subscriber, per severity; and the warnings' policy hold. */
export function ingestLines(origins: Origins): string[] {
  const everything = [...origins.values()];
  const all = everything.filter((o) => o.category === 'emergency');
  const lines: string[] = [];
  for (const severity of ['warning', 'critical'] as AlertSeverity[]) {
    const mine = all.filter((o) => o.severity === severity && o.readingAt !== undefined);
    const ms = sorted(mine.map((o) => o.eventAt - o.readingAt!));
    lines.push(`Reading → alert event (ingest: decode, detect, policy, publish; at a bench subscriber), ${severity}: ${mine.length} alerts, p50 ${percentile(ms, 50)} ms, p99 ${percentile(ms, 99)} ms, max ${ms.at(-1) ?? NaN} ms.`);
  }
  const held = sorted(all.filter((o) => o.rule === 'flood_level' && o.severity === 'warning' && o.readingAt !== undefined && o.crossedAt !== undefined).map((o) => o.readingAt! - o.crossedAt!));
  if (held.length > 0) lines.push(`flood_level warnings (Siaga 3) are raised by the reading that shows the level held for a minute over two readings (the alert policy), not by the first one over the line: first reading over Siaga 3 → raising reading p50 ${percentile(held, 50)} ms, max ${held.at(-1) ?? NaN} ms, on top of the figures above.`);
  const byRule = new Map<string, number>();
  for (const o of everything) {
    const key = `${o.rule} ${o.category === 'emergency' ? o.severity : 'maintenance'}`;
    byRule.set(key, (byRule.get(key) ?? 0) + 1);
  }
  const notFromReading = all.filter((o) => o.readingAt === undefined).length;
  lines.push(`Alerts raised: ${[...byRule].map(([k, n]) => `${n} ${k}`).join(', ')}. Of the ${all.length} emergency alerts, ${notFromReading} were raised by the policy's clock (a finding pending long enough when no reading came), not by a reading: their deliveries are timed from the alert event only.`);
  return lines;
}

/** Storm behaviour: counts, per-minute maximum, criticals held or digested (must be 0), provider counts. */
export function summaryLines(records: readonly DeliveryRecord[], origins: Origins, providers: ProviderCounts): string[] {
  const critical = (r: DeliveryRecord) => isCritical(origins, r);
  const heldCritical = records.filter((r) => r.status === 'held' && critical(r)).length;
  const digestedCritical = records.filter((r) => r.reason === 'digest' && critical(r)).length;
  const digests = records.filter((r) => r.reason === 'digest' && r.status === 'sent');
  const digestMs = sorted(digests.map((r) => r.at - Math.min(...r.alertIds.map((id) => origins.get(id)?.eventAt ?? r.at))));
  const status = (s: string) => records.filter((r) => r.status === s).length;
  const unknown = records.filter((r) => r.alertIds.some((id) => !origins.has(id))).length;
  return [
    `Messages to people: ${status('sent')} sent, ${status('held')} held for digests, ${digests.length} digests (oldest alert event in it → digest accepted p50 ${percentile(digestMs, 50)} ms, max ${digestMs.at(-1) ?? NaN} ms), ${status('fallback')} fallbacks, ${status('given_up')} given up; ${unknown} delivery records for alerts the bench did not see raised.`,
    `Most messages one person received in any minute: ${maxPerMinute(records)} in all; ${maxPerMinute(records, (r) => !critical(r))} not counting criticals (limit: 3 a minute, then a digest; a digest counts as one).`,
    `Critical messages held or put in a digest: ${heldCritical + digestedCritical} (of ${records.filter((r) => r.status === 'sent' && critical(r)).length} critical deliveries).`,
    `At the providers: SMTP ${providers.smtp} mails, push ${providers.push} decrypted (${providers.pushRefused} refused), Telegram ${providers.telegram}, WhatsApp ${providers.whatsapp}.`
  ];
}

/** One progress line while the storm runs. */
export function progressLine(records: readonly DeliveryRecord[], origins: Origins, providers: ProviderCounts): string {
  const n = (s: string) => records.filter((r) => r.status === s).length;
  const critical = [...origins.values()].filter((o) => o.severity === 'critical').length;
  return `${origins.size} alerts (${critical} critical) · ${n('sent')} sent, ${n('held')} held, ${records.filter((r) => r.reason === 'digest').length} digest records · smtp ${providers.smtp}, push ${providers.push}, telegram ${providers.telegram}, whatsapp ${providers.whatsapp}`;
}
