// Two open alerts for one sensor and rule (an ingest restarted while InfluxDB was slow raised one before it read the
// other back): the older is closed as replaced, and its acknowledgement goes to the newer unless that one is worse.
import { SEVERITY_RANK, type Alert, type AlertEvent, type Text } from '../../src/lib/core/alert';
import { acknowledgesVersion, unionComments } from '../../src/lib/core/alert-lifecycle';
import { later } from './alert-entry';

/** `a`'s comments and one more, in time order and bounded as applyAlertAction bounds them (unionComments). */
function withComment(a: Alert, by: string, at: number, text: string): Alert['comments'] {
  return unionComments([{ by, at, text }], a.comments ?? []);
}

/** The worst level and severity rank `a` has had (setPeak writes them onto the alert; an old copy may lack them). */
function peakOf(a: Alert): { level: number; rank: number } {
  const rank = Math.max(SEVERITY_RANK[a.severity] ?? 0, a.peakSeverity ? (SEVERITY_RANK[a.peakSeverity] ?? 0) : 0);
  return { level: Math.max(a.level, a.peakLevel ?? 0), rank };
}

/** Whether `next` has been worse than `prev` ever was: a higher level or severity than prev's peak (as alert-policy's update judges a worsening). */
export function worseThan(next: Alert, prev: Alert): boolean {
  const [n, p] = [peakOf(next), peakOf(prev)];
  return n.level > p.level || n.rank > p.rank;
}

/**
 * The events that settle `loser` (older) against `winner` (the alert the entry keeps), on the ingest's clock `now`:
 * `loser` resolved by the system, saying which alert replaced it (no reading would ever close it: it stayed open in
 * the console for good); then, when `loser` was acknowledged (acknowledgesVersion: on its current version), `winner`
 * is still unacknowledged and no worse than what was acknowledged, `winner` acknowledged by the system with the
 * person's acknowledgement (who, when, how) and a comment saying where it came from: the notifier stops the chain it
 * opened for a condition staff had answered. A worse `winner` keeps paging: the acknowledgement was for less.
 * Returns the events and the alert `winner` becomes.
 */
export function replaceAlert(loser: Alert, winner: Alert, by: string, now: number): { events: AlertEvent[]; winner: Alert } {
  const closedAt = later(loser, now);
  const note = replacedNote(winner.id);
  const closed: Alert = {
    ...loser,
    state: 'resolved',
    resolvedAt: closedAt,
    resolvedBy: by,
    updatedAt: closedAt,
    // in its explanation too: a message of its resolution carries that (not the comments), and must not read as the end
    explanation: { id: `${loser.explanation.id} ${note.id}`, en: `${loser.explanation.en} ${note.en}` },
    comments: withComment(loser, by, closedAt, `${note.id} / ${note.en}`)
  };
  const events: AlertEvent[] = [{ type: 'resolved', at: closedAt, by, alert: closed }];
  if (winner.state !== 'raised' || !acknowledgesVersion(loser, loser) || worseThan(winner, loser)) return { events, winner };
  const at = later(winner, now);
  const acked: Alert = {
    ...winner,
    state: 'acknowledged',
    acknowledgedAt: loser.acknowledgedAt,
    updatedAt: at,
    comments: withComment(winner, by, at, carriedText(loser))
  };
  if (loser.acknowledgedBy !== undefined) acked.acknowledgedBy = loser.acknowledgedBy;
  if (loser.acknowledgedVia !== undefined) acked.acknowledgedVia = loser.acknowledgedVia;
  events.push({ type: 'acknowledged', at, by, alert: acked });
  return { events, winner: acked };
}

/** Said on the replaced alert, in both UI languages (a comment is one string: Indonesian / English). */
function replacedNote(winnerId: string): Text {
  return {
    id: `Diganti oleh peringatan ${winnerId}: ingest dimulai ulang saat InfluxDB lambat dan menaikkan peringatan baru untuk sensor dan aturan ini sebelum membaca yang ini; kondisinya belum tentu selesai.`,
    en: `Replaced by alert ${winnerId}: the ingest restarted while InfluxDB was slow and raised a new alert for this sensor and rule before it read this one back; the condition may not be over.`
  };
}

function carriedText(loser: Alert): string {
  const who = loser.acknowledgedBy ?? '?';
  const when = new Date(loser.acknowledgedAt ?? 0).toISOString();
  return (
    `Konfirmasi ${who} (${when}) pada peringatan ${loser.id} dibawa ke peringatan ini: kondisi yang sama, tidak lebih buruk, setelah ingest dimulai ulang. ` +
    `/ ${who}'s acknowledgement (${when}) of alert ${loser.id} carried to this alert: the same condition, no worse, after an ingest restart.`
  );
}
