import { HttpError } from '@influxdata/influxdb-client';
import type { InfluxConfig } from '../../../src/lib/core/influx-config';
import { formatDeliveryLines } from '../../../src/lib/core/line-protocol';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import type { Role } from '../../../src/lib/server/auth/roles';
import { formatAuditLine } from '../../../src/lib/server/auth/audit';
import { createInfluxDB } from '../../../src/lib/influx/client';
import { writeLines } from '../../../src/lib/influx/write';
import { witaClock } from '../../../src/lib/core/wita';
import { auditDetail, type AuditDetailFields } from '../../../src/lib/i18n/audit-detail';
import { ownFailureCode } from './own-failures';
import { uncoveredPlace } from './uncovered';

/**
 * Where every DeliveryRecord goes besides MQTT: InfluxDB's events policy, as a `deliveries` line per
 * alert (what the console shows on the alert) and an `audit` entry by user `notifier` (the audit log
 * holds every delivery and failure). Batched, in order, retried while InfluxDB is away, bounded.
 */

export interface RecordWriter {
  write(record: DeliveryRecord): void;
  /** An audit entry by user `notifier` for what it changed itself (a dead channel disabled); same queue, same order. */
  audit(entry: { action: string; target: string; ok: boolean } & (AuditDetailFields | { detail: string })): void;
  /** Resolves once everything written so far is stored or given up (tests, shutdown). */
  settle(): Promise<void>;
  close(): Promise<void>;
  stats(): { queued: number; written: number; dropped: number };
}

export const NOTIFIER_USER = 'notifier';
/** Not a person's role: the audit log's marker for a process acting on its own (as the registry's seed does). */
const SYSTEM_ROLE = 'system' as Role;
const MAX_QUEUED_LINES = 200_000;
const BATCH_LINES = 2_000;
const FLUSH_MS = 250;
const RETRY_MS = 2_000;
const WRITE_TIMEOUT_MS = 5_000;
/** How long closing waits for the last records to reach InfluxDB (within the notifier's stop grace). */
const SETTLE_MAX_MS = 8_000;

const REASON_TEXT: Record<DeliveryRecord['reason'], string> = { subscription: 'subscriber', oncall: 'on call', backup: 'backup', lead: 'team lead', digest: 'digest' };

/** "whatsapp to Ani (on call, bpbd), attempt 2: 503": what the audit log says; never an address. */
export function deliveryDetail(r: DeliveryRecord): string {
  const who = `${r.personName} (${REASON_TEXT[r.reason]}${r.teamId ? `, ${r.teamId}` : ''})`;
  // Nobody to name: what the alert lacks (uncovered.ts says which kind and district).
  if (r.status === 'uncovered') return r.error ?? 'covered by no team: nobody on call is paged';
  if (r.status === 'quiet') return `not sent to ${who}: quiet hours until ${r.until === undefined ? '?' : witaClock(r.until)} WITA`;
  return `${r.channel} to ${who}, attempt ${r.attempt}${r.error ? `: ${r.error}` : ''}`;
}

/**
 * What the audit page says of a delivery in the reader's language (codes of messages-audit-*.ts: its reason in words, a
 * failure as the channel gave it), beside the English sentence the log always stored (deliveryDetail, kept word for word).
 */
export function deliveryAuditDetail(r: DeliveryRecord): AuditDetailFields {
  const detail = deliveryDetail(r);
  if (r.status === 'uncovered') {
    const place = uncoveredPlace(r);
    return { ...(place ? auditDetail('delivery.uncoveredIn', place) : auditDetail('delivery.uncovered', { error: detail })), detail };
  }
  const args: Record<string, string | number> = { person: r.personName, reason: r.reason };
  if (r.teamId) args.team = r.teamId;
  if (r.status === 'quiet') {
    args.until = r.until === undefined ? '?' : witaClock(r.until);
    return { ...auditDetail(r.teamId ? 'delivery.quietTeam' : 'delivery.quiet', args), detail };
  }
  // Pantau's own failure texts by their code (said in words; `pantau:`, so that no channel's text is taken for one), a
  // channel's as it gave them
  const own = r.error === undefined ? undefined : ownFailureCode(r.error);
  Object.assign(args, { channel: r.channel, attempt: r.attempt }, r.error ? { failure: own ? `pantau:${own}` : r.error } : {});
  return { ...auditDetail(r.teamId ? 'delivery.attemptTeam' : 'delivery.attempt', args), detail };
}

/**
 * The detail of the notifier's entry for a channel it disabled as answered gone (`reason`, the channel's words): done,
 * refused by the store (its reasons), or failed (`fault`). Coded, with the English sentence it always stored.
 */
export function channelDisabledDetail(kind: string, reason: string, outcome: { ok: true } | { ok: false; errors: string[] } | { fault: string }): AuditDetailFields {
  const args = { kind, error: reason.slice(0, 200) };
  const why = `${kind} channel answered as gone (${args.error})`;
  if ('fault' in outcome) {
    const fault = outcome.fault.slice(0, 200);
    return { ...auditDetail('channel.disableFailed', { ...args, fault }), detail: `${why} — failed: ${fault}` };
  }
  if (outcome.ok) return { ...auditDetail('channel.disabled', args), detail: `${why}: disabled` };
  const errors = outcome.errors.join('; ');
  return { ...auditDetail('channel.disableRefused', { ...args, errors }), detail: `${why} — refused: ${errors}` };
}

export function recordLines(r: DeliveryRecord, at: number): string[] {
  const audit = formatAuditLine({
    at,
    user: NOTIFIER_USER,
    role: SYSTEM_ROLE,
    action: `delivery:${r.status}`,
    target: r.alertIds.join(','),
    ok: r.status === 'sent' || r.status === 'held' || r.status === 'quiet',
    ...deliveryAuditDetail(r)
  });
  return [...formatDeliveryLines(r, at), audit];
}

export function createRecordWriter(config: InfluxConfig, log: (message: string) => void): RecordWriter {
  const influx = createInfluxDB(config, WRITE_TIMEOUT_MS);
  const queue: string[] = [];
  let written = 0;
  let dropped = 0;
  let lastAt = 0;
  let writing: Promise<void> | null = null;
  let retryAfter = 0;

  async function send(lines: string[]): Promise<boolean> {
    try {
      await writeLines(influx, config, lines, config.retention.eventsPolicy, lines.length);
      return true;
    } catch (err) {
      const refused = err instanceof HttpError && err.statusCode >= 400 && err.statusCode < 500 && ![401, 403, 404].includes(err.statusCode);
      log(`deliveries write ${refused ? 'refused (dropped)' : 'failed (will retry)'}: ${(err as Error).message.slice(0, 200)}`);
      return refused;
    }
  }

  function flush(): Promise<void> {
    if (writing || queue.length === 0 || Date.now() < retryAfter) return writing ?? Promise.resolve();
    const batch = queue.slice(0, BATCH_LINES);
    writing = send(batch).then((done) => {
      if (done) {
        queue.splice(0, batch.length);
        written += batch.length;
      } else retryAfter = Date.now() + RETRY_MS;
      writing = null;
      if (done && queue.length > 0) void flush();
    });
    return writing;
  }

  const timer = setInterval(() => void flush(), FLUSH_MS);
  timer.unref();

  // A stop waits this long at most for InfluxDB: a hung database must not hold the process past its grace.
  async function settle(deadlineMs = SETTLE_MAX_MS): Promise<void> {
    const until = Date.now() + deadlineMs;
    for (let i = 0; i < 200 && (queue.length > 0 || writing) && Date.now() < until; i++) {
      retryAfter = 0;
      await flush();
      if (queue.length > 0 && !writing) await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    write(record) {
      // Strictly increasing times: two records of one ms in one series would overwrite each other.
      const at = Math.max(Math.trunc(record.at), lastAt + 1);
      const lines = recordLines(record, at);
      lastAt = at + lines.length;
      if (queue.length + lines.length > MAX_QUEUED_LINES) {
        dropped += lines.length;
        return;
      }
      queue.push(...lines);
    },
    audit(entry) {
      const at = Math.max(Date.now(), lastAt + 1);
      lastAt = at;
      if (queue.length + 1 > MAX_QUEUED_LINES) return void dropped++;
      queue.push(formatAuditLine({ at, user: NOTIFIER_USER, role: SYSTEM_ROLE, ...entry }));
    },
    settle,
    async close() {
      clearInterval(timer);
      await settle();
    },
    stats: () => ({ queued: queue.length, written, dropped })
  };
}
