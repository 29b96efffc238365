import { SEVERITY_RANK, type Alert, type AlertEvent, type AlertEventType, type AlertSeverity, type Text } from '../../src/lib/core/alert';
import type { DeliveryReason, Language } from '../../src/lib/core/people';
import { formatDateTime, formatShortTime } from '../../src/lib/format/format';
import type { OutgoingMessage } from './channels/types';

/**
 * Alert events and digests as messages for a person, in their language: pure (no clock, no I/O), the same
 * input gives the same text. Channels only style the result (HTML for email and Telegram, a template for
 * WhatsApp, a notification for Web Push). Times are WITA, like every time Pantau shows.
 */

export interface RenderContext {
  personId: string;
  language: Language;
  reason: DeliveryReason;
  /** The team whose rota or lead role this is (for oncall/backup/lead); its name in both languages. */
  team?: Text;
  /** backup/lead: minutes the alert went unacknowledged before this person was called. */
  waitedMin?: number;
  /** The alert's page (or the list, for a digest). */
  url: string;
  /** Signed single-use acknowledge link; dropped for alerts no longer waiting for one. */
  ackUrl?: string;
}

export interface DigestContext extends Omit<RenderContext, 'reason' | 'ackUrl' | 'waitedMin'> {
  /** The span the digest covers (first to last alert held back), ms. */
  windowMs: number;
  /** Alerts held beyond what the digest keeps (digest.ts): counted in the title and the "and N more" line. */
  more?: number;
  /** Held through the person's quiet hours (quiet.ts), not by a storm: worded so. */
  quiet?: boolean;
  /** When the digest went out (its flush): part of its tag, so a new digest never replaces the last one on the phone. */
  at?: number;
}

const WORDS = {
  id: {
    prefix: { updated: 'Pembaruan', escalated: 'Meningkat', acknowledged: 'Ditangani', assigned: 'Pembaruan', commented: 'Pembaruan', stepped: 'Pembaruan', resolved: 'Selesai' },
    ackedBy: (by: string) => `Ditangani oleh ${by}.`,
    resolvedBy: (by: string) => `Dinyatakan selesai oleh ${by}.`,
    when: 'Waktu',
    district: 'Kecamatan',
    open: 'Lihat',
    ack: 'Tangani (saya yang menangani)',
    subscription: 'Anda menerima ini karena langganan peringatan Anda.',
    oncall: (team: string) => `Anda menerima ini sebagai petugas piket ${team}.`,
    backup: (team: string, span: string) => `Anda menerima ini sebagai petugas cadangan ${team}: petugas piket belum menanganinya${span ? ` dalam ${span}` : ''}.`,
    lead: (team: string, span: string) => `Anda menerima ini sebagai ketua tim ${team}: belum ada yang menanganinya${span ? ` dalam ${span}` : ''}.`,
    digestTitle: (n: number, span: string) => `${n} peringatan baru dalam ${span}`,
    minutes: (n: number) => `${n} menit`,
    hours: (n: number) => `${n} jam`,
    days: (n: number) => `${n} hari`,
    more: (n: number) => `… dan ${n} lainnya`,
    digestWhy: 'Peringatan yang tidak kritis dikumpulkan agar Anda tidak dibanjiri pesan; peringatan kritis selalu dikirim langsung.',
    quietTitle: (n: number) => `${n} peringatan masih terbuka dari jam tenang Anda`,
    quietWhy: 'Peringatan ini tidak dikirim selama jam tenang Anda dan masih terbuka; peringatan kritis selalu dikirim langsung.',
    openAll: 'Lihat semua'
  },
  en: {
    prefix: { updated: 'Update', escalated: 'Escalated', acknowledged: 'Acknowledged', assigned: 'Update', commented: 'Update', stepped: 'Update', resolved: 'Resolved' },
    ackedBy: (by: string) => `Acknowledged by ${by}.`,
    resolvedBy: (by: string) => `Resolved by ${by}.`,
    when: 'Time',
    district: 'District',
    open: 'Open',
    ack: "Acknowledge (I'm on it)",
    subscription: 'You receive this because of your alert subscription.',
    oncall: (team: string) => `You receive this as ${team}'s on-call responder.`,
    backup: (team: string, span: string) => `You receive this as ${team}'s backup responder: the on-call responder has not acknowledged${span ? ` within ${span}` : ''}.`,
    lead: (team: string, span: string) => `You receive this as ${team}'s team lead: nobody has acknowledged${span ? ` within ${span}` : ''}.`,
    digestTitle: (n: number, span: string) => `${n} new alert${n === 1 ? '' : 's'} in ${span}`,
    minutes: (n: number) => `${n} minute${n === 1 ? '' : 's'}`,
    hours: (n: number) => `${n} hour${n === 1 ? '' : 's'}`,
    days: (n: number) => `${n} day${n === 1 ? '' : 's'}`,
    more: (n: number) => `… and ${n} more`,
    digestWhy: 'Alerts that are not critical are grouped so you are not flooded with messages; critical alerts are always sent at once.',
    quietTitle: (n: number) => `${n} alert${n === 1 ? '' : 's'} still open from your quiet hours`,
    quietWhy: 'These alerts were not sent during your quiet hours and are still open; critical alerts are always sent at once.',
    openAll: 'Open all'
  }
} as const;

/** Digests list this many alerts by name; the rest are counted. */
export const DIGEST_LISTED = 10;

/**
 * A span of whole minutes in words: minutes under an hour, hours and minutes under a day, days and hours beyond (a
 * chain paged after a long outage waited days: "3 hari", not "4320 menit").
 */
export function formatMinutes(min: number, language: Language): string {
  const w = WORDS[language];
  const two = (a: string, b: number, unit: (n: number) => string) => (b > 0 ? `${a} ${unit(b)}` : a);
  if (min < 60) return w.minutes(min);
  if (min < 1440) return two(w.hours(Math.floor(min / 60)), min % 60, w.minutes);
  return two(w.days(Math.floor(min / 1440)), Math.floor((min % 1440) / 60), w.hours);
}

/** Why this person gets it, in a sentence; teams fall back to "BPBD"-less wording when unknown. */
export function reasonLine(ctx: Pick<RenderContext, 'language' | 'reason' | 'team' | 'waitedMin'>): string {
  const w = WORDS[ctx.language];
  const team = ctx.team?.[ctx.language] ?? (ctx.language === 'id' ? 'tim' : 'the team');
  const span = ctx.waitedMin !== undefined && Math.round(ctx.waitedMin) > 0 ? formatMinutes(Math.round(ctx.waitedMin), ctx.language) : '';
  switch (ctx.reason) {
    case 'oncall':
      return w.oncall(team);
    case 'backup':
      return w.backup(team, span);
    case 'lead':
      return w.lead(team, span);
    default:
      return w.subscription;
  }
}

function titleFor(type: AlertEventType, alert: Alert, language: Language): string {
  const title = alert.title[language];
  return type === 'raised' ? title : `${WORDS[language].prefix[type]}: ${title}`;
}

/** The alert's own explanation and, while it is open, what to do. */
function summaryOf(event: AlertEvent, language: Language): string {
  const { alert } = event;
  const w = WORDS[language];
  const lines = [alert.explanation[language]];
  if (event.type === 'resolved') lines.push(w.resolvedBy(alert.resolvedBy ?? event.by));
  else if (alert.state === 'acknowledged') lines.push(w.ackedBy(alert.acknowledgedBy ?? event.by));
  else lines.push(alert.action[language]);
  return lines.filter(Boolean).join(' ');
}

export function renderAlertMessage(event: AlertEvent, ctx: RenderContext): OutgoingMessage {
  const { alert } = event;
  const w = WORDS[ctx.language];
  // A link to acknowledge only while someone still has to: not for acknowledged or resolved alerts.
  const ackUrl = alert.state === 'raised' && event.type !== 'resolved' ? ctx.ackUrl : undefined;
  const summary = summaryOf(event, ctx.language);
  const body = [
    summary,
    `${w.when}: ${formatDateTime(event.at, ctx.language)} WITA · ${w.district}: ${alert.district} · ${alert.sensorName}`,
    reasonLine(ctx),
    [`${w.open}: ${ctx.url}`, ackUrl ? `${w.ack}: ${ackUrl}` : ''].filter(Boolean).join('\n')
  ].join('\n\n');
  return {
    personId: ctx.personId,
    language: ctx.language,
    severity: alert.severity,
    alertIds: [alert.id],
    title: titleFor(event.type, alert, ctx.language),
    body,
    summary,
    url: ctx.url,
    ...(ackUrl ? { ackUrl } : {}),
    tag: alert.id
  };
}

function worst(alerts: readonly Alert[]): AlertSeverity {
  return alerts.reduce<AlertSeverity>((w, a) => (SEVERITY_RANK[a.severity] > SEVERITY_RANK[w] ? a.severity : w), 'info');
}

/** Without a flush time, a digest is told apart by what it lists (FNV-1a of the alert ids). */
function idsHash(alerts: readonly Alert[]): string {
  let h = 0x811c9dc5;
  for (const ch of alerts.map((a) => a.id).join('\n')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(36);
}

/** Several held-back alerts as one message ("5 peringatan baru dalam 2 menit"), worst first, newest first within a severity. */
export function renderDigest(alerts: readonly Alert[], ctx: DigestContext): OutgoingMessage {
  const w = WORDS[ctx.language];
  const sorted = [...alerts].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.raisedAt - a.raisedAt);
  const minutes = Math.max(1, Math.ceil(ctx.windowMs / 60_000));
  const total = sorted.length + (ctx.more ?? 0);
  const listed = sorted.slice(0, DIGEST_LISTED).map((a) => `• ${formatShortTime(a.raisedAt, ctx.language)} ${a.title[ctx.language]} (${a.district})`);
  if (total > listed.length) listed.push(w.more(total - listed.length));
  const title = ctx.quiet ? w.quietTitle(total) : w.digestTitle(total, formatMinutes(minutes, ctx.language));
  const summary = sorted
    .slice(0, 3)
    .map((a) => a.title[ctx.language])
    .join('; ');
  return {
    personId: ctx.personId,
    language: ctx.language,
    severity: worst(alerts),
    alertIds: sorted.map((a) => a.id),
    title,
    body: [listed.join('\n'), ctx.quiet ? w.quietWhy : w.digestWhy, `${w.openAll}: ${ctx.url}`].join('\n\n'),
    summary: total > 3 ? `${summary}; ${w.more(total - Math.min(3, sorted.length))}` : summary,
    url: ctx.url,
    // Its own tag: one per person would make each new digest silently replace the previous one, unread, on the phone.
    tag: `digest:${ctx.personId}:${ctx.at ?? idsHash(sorted)}`
  };
}
