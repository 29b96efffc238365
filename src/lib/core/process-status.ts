import { TOPICS } from './topic';
import { witaClock, witaDate, witaDayStart } from './wita';

/**
 * The health of Pantau's own processes as they report it on MQTT: each publishes a retained status on
 * `pantau/v1/status/<role>/<clientId>`: `online` (with its reporting interval) on connect and then every
 * interval with its counters, `stopped` on a clean stop, and the broker publishes its Last Will,
 * `offline`, when the connection is cut (crash, SIGKILL, network). From these the command center derives
 * per process up / stale / offline / stopped, and per role whether people must be told it is down.
 */
export const PROCESS_ROLES = ['notify', 'ingest'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];
export type ReportedState = 'online' | 'offline' | 'stopped';
export type ProcessState = 'up' | 'stale' | 'offline' | 'stopped';

/** Larger status payloads are refused unread (the notifier's counters are a few hundred bytes). */
export const MAX_STATUS_PAYLOAD_BYTES = 16 * 1024;
/** A process's interval when its status does not say it (an older process's counters). */
export const DEFAULT_STATUS_INTERVAL_MS = 60_000;
/** Silent for this many of its own intervals: stale (a hung process whose connection stays up). */
export const STALE_AFTER_INTERVALS = 3;
const CLIENT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
const MAX_INTERVAL_MS = 3_600_000;

/** What a process publishes (retained) on its status topic; its counters may follow in the same object. */
export interface StatusPayload {
  state: ReportedState;
  /** When it was published (epoch ms); absent in a Last Will, which the broker sends later. */
  at?: number;
  /** How often the process republishes while it is up. */
  intervalMs: number;
  /** A partitioned process (INGEST_WORKERS > 1): it alone handles its share, so each share must be up. */
  part?: ProcessPart;
}

/** Which share of the work a partitioned instance owns: `index` of `workers`. */
export interface ProcessPart {
  workers: number;
  index: number;
}

/** Shares a deployment may split the ingest into: INGEST_WORKERS' bound (ingest/config.ts), and what a status may claim. */
export const MAX_PARTS = 1024;

/** One process as the command center last heard it. */
export interface ProcessReport {
  role: ProcessRole;
  id: string;
  state: ReportedState;
  intervalMs: number;
  /** When the state began or was last confirmed (a retained message's own time; a live one's arrival). */
  seenAt: number;
  /** seenAt is only when the command center heard it: a retained Last Will read at subscribe carries no time. */
  noticed?: boolean;
  part?: ProcessPart;
}

export function statusTopic(role: ProcessRole, clientId: string): string {
  return `${TOPICS.status}/${role}/${clientId}`;
}

export function parseStatusTopic(topic: string): { role: ProcessRole; id: string } | null {
  const prefix = `${TOPICS.status}/`;
  if (topic.length > 200 || !topic.startsWith(prefix)) return null;
  const parts = topic.slice(prefix.length).split('/');
  if (parts.length !== 2 || !(PROCESS_ROLES as readonly string[]).includes(parts[0]) || !CLIENT_ID_PATTERN.test(parts[1])) return null;
  return { role: parts[0] as ProcessRole, id: parts[1] };
}

export type ParsedStatus = { ok: true; report: ProcessReport } | { ok: true; cleared: true } | { ok: false; reason: string };

/**
 * One status message → the process's report, or why it was refused. `retained`: delivered from the
 * broker's store on subscribe (its own `at` says when, not the arrival). An empty payload clears the
 * retained status (an operator removing a process that is gone for good).
 */
export function parseStatusMessage(topic: string, payload: Uint8Array, receivedAt: number, retained: boolean): ParsedStatus {
  const where = parseStatusTopic(topic);
  if (!where) return { ok: false, reason: 'bad_topic' };
  if (payload.length === 0) return { ok: true, cleared: true };
  if (payload.length > MAX_STATUS_PAYLOAD_BYTES) return { ok: false, reason: 'too_large' };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const body = parseStatusPayload(value);
  if (!body) return { ok: false, reason: 'bad_shape' };
  // A retained message's own time, never ahead of its arrival (another host's clock); a live one arrives now.
  const seenAt = retained && body.at !== undefined ? Math.min(body.at, receivedAt) : receivedAt;
  const report: ProcessReport = { ...where, state: body.state, intervalMs: body.intervalMs, seenAt };
  // a Will read back from the broker's store: it went down before the command center heard of it, when is unknown
  if (retained && body.at === undefined) report.noticed = true;
  if (body.part) report.part = body.part;
  return { ok: true, report };
}

/** The fields this module reads; the counters beside them are left alone. Older processes sent counters only: online. */
export function parseStatusPayload(value: unknown): StatusPayload | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const state = v.state ?? 'online';
  if (state !== 'online' && state !== 'offline' && state !== 'stopped') return null;
  const at = v.at;
  if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at) || at < 0)) return null;
  const interval = v.intervalMs ?? DEFAULT_STATUS_INTERVAL_MS;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1_000 || interval > MAX_INTERVAL_MS) return null;
  const part = parsePart(v.workers, v.workerIndex);
  if (part === null) return null;
  return { state, intervalMs: interval, ...(at !== undefined ? { at } : {}), ...(part ? { part } : {}) };
}

/** undefined: not partitioned (absent, or one worker); null: a claim that cannot be (refused with the message). */
function parsePart(workers: unknown, index: unknown): ProcessPart | undefined | null {
  if (workers === undefined && index === undefined) return undefined;
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1 || workers > MAX_PARTS) return null;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= workers) return null;
  return workers > 1 ? { workers, index } : undefined;
}

/** An online process is stale once silent for STALE_AFTER_INTERVALS of its intervals. */
export function processState(report: ProcessReport, now: number): ProcessState {
  if (report.state === 'offline') return 'offline';
  if (report.state === 'stopped') return 'stopped';
  return now - report.seenAt > STALE_AFTER_INTERVALS * report.intervalMs ? 'stale' : 'up';
}

/** Since when a process is in its state (a stale one: since it was last heard). */
export function processSince(report: ProcessReport, now: number): number {
  return Math.min(report.seenAt, now);
}

/** Per role: is anyone doing that job, and must people be told it is not. */
export interface RoleHealth {
  role: ProcessRole;
  /** up: every share has an instance up; down: instances known, (a share with) none up; not_seen: none ever reported. */
  state: 'up' | 'down' | 'not_seen';
  /** The deployment runs it (PANTAU_EXPECT_PROCESSES) or an instance of it was lost (offline / stale). */
  expected: boolean;
  /** Expected and not up (for one not seen: after the grace period since the web started): show the banner. */
  alarm: boolean;
  /** Since when it is not up (the last instance to go; web start for one not seen); 0 while up. */
  since: number;
  /** `since` is when the command center noticed, not when it went (a Will read back after a web restart). */
  noticed?: boolean;
  /** Partitioned and partly down: shares with no instance up, of how many. */
  partsDown?: number;
  parts?: number;
}

export interface RoleHealthOptions {
  expected: readonly ProcessRole[];
  startedAt: number;
  graceMs: number;
}

export function roleHealth(reports: readonly ProcessReport[], options: RoleHealthOptions, now: number): RoleHealth[] {
  return PROCESS_ROLES.map((role) => {
    const mine = reports.filter((r) => r.role === role);
    const configured = options.expected.includes(role);
    if (mine.length === 0) {
      return { role, state: 'not_seen', expected: configured, alarm: configured && now - options.startedAt >= options.graceMs, since: configured ? options.startedAt : 0 };
    }
    const up = mine.filter((r) => processState(r, now) === 'up');
    const missing = missingParts(mine, up, now - options.startedAt >= options.graceMs);
    // A clean stop alone is someone's decision; a lost instance (or a configured role) is not.
    const lost = mine.filter((r) => ['offline', 'stale'].includes(processState(r, now)));
    if (up.length > 0 && missing.parts === 0) return { role, state: 'up', expected: true, alarm: false, since: 0 };
    const expected = configured || lost.length > 0;
    // partly down: since the shares that are missing went; else since the last instance went
    const gone = missing.parts > 0 ? mine.filter((r) => r.part?.workers === missing.of && missing.indexes.has(r.part.index)) : mine;
    const last = gone.reduce<ProcessReport | null>((a, r) => (!a || processSince(r, now) > processSince(a, now) ? r : a), null);
    // a share never heard of is missing since the command center started listening, as a role not seen is
    const health: RoleHealth = { role, state: 'down', expected, alarm: expected, since: last ? processSince(last, now) : options.startedAt };
    if (last?.noticed) health.noticed = true;
    if (up.length > 0) Object.assign(health, { partsDown: missing.parts, parts: missing.of });
    return health;
  });
}

/**
 * The shares of a partitioned role with no instance up, by the share count its live instances state (an instance of
 * a deployment since made smaller says nothing). None for a role whose live instances are not partitioned. A share
 * never heard of counts only after the grace period (its worker may still be starting).
 */
function missingParts(mine: readonly ProcessReport[], up: readonly ProcessReport[], pastGrace: boolean): { parts: number; of: number; indexes: Set<number> } {
  const of = Math.max(0, ...up.map((r) => r.part?.workers ?? 0));
  const indexes = new Set<number>();
  if (of < 2) return { parts: 0, of, indexes };
  const covered = new Set(up.filter((r) => r.part?.workers === of).map((r) => r.part!.index));
  const heard = new Set(mine.filter((r) => r.part?.workers === of).map((r) => r.part!.index));
  for (let i = 0; i < of; i++) if (!covered.has(i) && (pastGrace || heard.has(i))) indexes.add(i);
  return { parts: indexes.size, of, indexes };
}

/** Past this, or before today's WITA midnight, the banner dates its time: "08:00" alone read as this morning after two days. */
const DATED_AFTER_MS = 12 * 3_600_000;

/**
 * The banner's words, both languages at once: whoever stands at the wall reads theirs. `now` (server time) dates a
 * `since` from before today or over 12 h ago, with how long ago; without it the time of day alone.
 */
export function roleAlarmText(
  role: ProcessRole,
  since: number,
  health: Pick<RoleHealth, 'noticed' | 'partsDown' | 'parts'> = {},
  now?: number
): { id: string; en: string } {
  const dated = now !== undefined && (since < witaDayStart(now) || now - since > DATED_AFTER_MS);
  const time = (lang: 'id' | 'en') => `${dated ? `${witaDate(since, lang)} ` : ''}${witaClock(since)} WITA`;
  const ago = dated ? agoWords(now - since) : null;
  // a time the command center only noticed is said as such: the process may have gone long before
  const id = health.noticed ? `(diketahui ${time('id')}${ago ? `, ${ago.id}` : ''})` : `sejak ${time('id')}${ago ? ` (${ago.id})` : ''}`;
  const en = health.noticed ? `(noticed at ${time('en')}${ago ? `, ${ago.en}` : ''})` : `since ${time('en')}${ago ? ` (${ago.en})` : ''}`;
  if (role === 'notify') return { id: `Pengiriman peringatan ke petugas tidak berjalan ${id} — tidak ada yang dihubungi`, en: `Paging is down ${en}: nobody is being paged` };
  if (health.partsDown && health.parts) {
    const share = `${health.partsDown}/${health.parts}`;
    return {
      id: `Penerimaan data sensor sebagian tidak berjalan ${id} (${share} pekerja) — sebagian data di layar tidak diperbarui`,
      en: `Data intake is partly down ${en} (${share} workers): part of the data shown is not being updated`
    };
  }
  return { id: `Penerimaan data sensor tidak berjalan ${id} — data di layar tidak diperbarui`, en: `Data intake is down ${en}: the data shown is not being updated` };
}

/** "2 hari lalu" / "2 days ago": the largest whole unit, as formatAge says it on the screens. */
function agoWords(ms: number): { id: string; en: string } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [n, id, en] = minutes >= 1440 ? [Math.floor(minutes / 1440), 'hari', 'day'] : minutes >= 60 ? [Math.floor(minutes / 60), 'jam', 'hour'] : [minutes, 'menit', 'minute'];
  return { id: `${n} ${id} lalu`, en: `${n} ${en}${n === 1 ? '' : 's'} ago` };
}
