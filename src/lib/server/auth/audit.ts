import { formatLine } from '../../core/line-protocol';
import { influxWritePath, type InfluxConfig } from '../../core/influx-config';
import { quoteInfluxIdent } from '../../core/line-protocol';
import type { Role } from './roles';

/** One audited action: logins, logouts, alert actions and refusals. */
export interface AuditEntry {
  /** Epoch ms. */
  at: number;
  user: string;
  role: Role;
  /** `login`, `logout`, `alert:acknowledge`, … */
  action: string;
  /** What was acted on (alert id, user name at login); empty when nothing. */
  target: string;
  ok: boolean;
  detail: string;
}

export type AuditSink = (entry: AuditEntry) => void;

export const AUDIT_MEASUREMENT = 'audit';
/** Writes in flight at most; past this entries are dropped and counted (InfluxDB is down or slow). */
const MAX_IN_FLIGHT = 200;
const MAX_TEXT_CHARS = 500;
const WRITE_TIMEOUT_MS = 5_000;

/** Line protocol through the core escaping: user names and details are untrusted text. */
export function formatAuditLine(e: AuditEntry): string {
  return formatLine(
    AUDIT_MEASUREMENT,
    { user: e.user.slice(0, 64), action: e.action.slice(0, 64) },
    { target: e.target.slice(0, MAX_TEXT_CHARS), ok: e.ok, detail: e.detail.slice(0, MAX_TEXT_CHARS), role: e.role },
    e.at
  );
}

export interface AuditLog {
  record: AuditSink;
  /** Resolves once every write started so far has finished (tests, shutdown). */
  settle(): Promise<void>;
  dropped(): number;
}

/**
 * Writes audit entries to InfluxDB one request each (they are rare). Never throws: a failed write
 * is logged, the action it describes has already happened or been refused.
 */
export function createAuditLog(config: InfluxConfig, log: (message: string) => void = (m) => console.error(`[audit] ${m}`)): AuditLog {
  const inFlight = new Set<Promise<void>>();
  let dropped = 0;
  let lastAt = 0;
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (config.token) headers.authorization = `Token ${config.token}`;

  async function write(line: string): Promise<void> {
    try {
      const res = await fetch(config.url + influxWritePath(config), { method: 'POST', headers, body: line, signal: AbortSignal.timeout(WRITE_TIMEOUT_MS) });
      if (res.status !== 204) log(`write refused: ${res.status} ${(await res.text()).slice(0, 200)}`);
    } catch (err) {
      log(`write failed: ${(err as Error).message}`);
    }
  }

  return {
    record(entry) {
      if (inFlight.size >= MAX_IN_FLIGHT) {
        dropped++;
        return;
      }
      // Same tags and same ms would overwrite each other in InfluxDB: keep times strictly increasing.
      const at = Math.max(Math.trunc(entry.at), lastAt + 1);
      lastAt = at;
      const p = write(formatAuditLine({ ...entry, at })).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    settle: async () => void (await Promise.all([...inFlight])),
    dropped: () => dropped
  };
}

/** Newest first, bounded; rows come from `SELECT * FROM audit`. */
export function auditQuery(limit: number): string {
  const n = Math.max(1, Math.min(1000, Math.trunc(limit) || 1));
  return `SELECT * FROM ${quoteInfluxIdent(AUDIT_MEASUREMENT)} ORDER BY time DESC LIMIT ${n}`;
}

export function parseAuditRow(row: Record<string, unknown>): AuditEntry {
  return {
    at: Number(row.time),
    user: String(row.user ?? ''),
    role: String(row.role ?? '') as Role,
    action: String(row.action ?? ''),
    target: String(row.target ?? ''),
    ok: row.ok === true,
    detail: String(row.detail ?? '')
  };
}
