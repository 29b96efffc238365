import type { AlertEvent } from '../../../src/lib/core/alert';
import type { InfluxConfig } from '../../../src/lib/core/influx-config';
import { quoteInfluxString } from '../../../src/lib/core/line-protocol';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { ALERT_HISTORY_LIMIT, readAlertEvents, readLatestAlertStates } from '../../sinks/influx-read';
import { chainRecordsFrom, hiddenStarts, lookbackChains, openChains, roundsBefore, type OpenChain } from './restore';
import { CHAIN_REASONS, DAY_MS, MAX_RESTORE_RECORDS, readChainDeliveries, readChainRecordsBefore, type RecentRead } from './restore-read';

/**
 * After the start, in the background: the chains the start's 2-day window cannot tell. Alerts open longer with no
 * event in it come from the look-back (readLatestAlertStates). And a round begun before the window was taken for over
 * at start, its backup and lead reached; that holds only if the notifier was up when its steps fell due. Down then (or
 * the alert came while it was down), nobody may ever have been paged: so each such round's own records are read from
 * its start, and the steps they do not show go out at once, those they show not again. A round the window shows begun by
 * a worsening of an alert raised before it has the alert's events from before it read too (hiddenStarts): the round the
 * worsening found, over unacknowledged, had its backup and lead reached, paged again at once as live.
 */

/** Rounds read from their start, newest first; older ones beyond it stay taken for over (logged). */
export const MAX_ROUNDS_FROM_START = 500;
/** One read covers at most this span, for at most ROUND_BATCH alerts (each read is bounded by the records' limit too). */
const READ_SPAN_DAYS = 30;
const ROUND_BATCH = 50;
/**
 * Rows (alert events and chain records) one background pass reads at most: each read may bring 100,000 and a year of 500
 * rounds takes some 130 reads, all held until the pass ends. Past it, the rounds not read in full are told as if never
 * read from their start (logged): taken for over, or a worsening's round from the worsening.
 */
export const MAX_PASS_ROWS = 200_000;

export interface RoundRead {
  alertIds: string[];
  from: number;
  to: number;
}

/**
 * Pure: the reads that cover each round's records from its start up to `until`: the rounds newest first, ROUND_BATCH at
 * a time, each batch in spans of READ_SPAN_DAYS from its earliest start. Batch by batch, so a pass cut short by its rows
 * (MAX_PASS_ROWS) has read its newest rounds in full, as MAX_ROUNDS_FROM_START keeps the newest.
 */
export function roundReads(rounds: readonly { alertId: string; from: number }[], until: number): RoundRead[] {
  const spanMs = READ_SPAN_DAYS * DAY_MS;
  const reads: RoundRead[] = [];
  const newest = [...rounds].sort((a, b) => b.from - a.from);
  for (let i = 0; i < newest.length; i += ROUND_BATCH) {
    const batch = newest.slice(i, i + ROUND_BATCH);
    const earliest = batch.at(-1)!.from;
    for (let from = earliest; from < until; from += spanMs) {
      const to = Math.min(until, from + spanMs);
      reads.push({ alertIds: batch.filter((r) => r.from < to).map((r) => r.alertId), from, to });
    }
  }
  return reads;
}

/** One read's alerts and span: `alert_id` is a field of the alert events and of the deliveries alike. */
function idsWhere(read: RoundRead): string {
  const ids = read.alertIds.map((id) => `"alert_id" = ${quoteInfluxString(id)}`).join(' OR ');
  return `(${ids}) AND time >= ${Math.trunc(read.from)}ms AND time < ${Math.trunc(read.to)}ms`;
}

/** What a pass may still read (MAX_PASS_ROWS), and the alerts it could not read in full: their rows are dropped. */
interface Budget {
  left: number;
  cut: Set<string>;
}

const newBudget = (): Budget => ({ left: MAX_PASS_ROWS, cut: new Set() });

/** The rows of each read in turn within the budget, each at most `perRead`; a read cut by its limit, or not made, cuts its alerts. */
async function readWithin<T extends { alertIds?: readonly string[]; alert?: { id: string } }>(
  rounds: readonly { alertId: string; from: number }[],
  until: number,
  budget: Budget,
  perRead: number,
  read: (r: RoundRead, limit: number) => Promise<T[]>
): Promise<T[]> {
  const out: T[] = [];
  for (const r of roundReads(rounds, until)) {
    const limit = Math.min(perRead, budget.left);
    const rows = limit > 0 ? await read(r, limit) : [];
    budget.left -= rows.length;
    if (rows.length >= limit) for (const id of r.alertIds) budget.cut.add(id);
    for (const row of rows) out.push(row); // not push(...rows): a read's 100,000 can outnumber the call stack's arguments
  }
  return out.filter((row) => !(row.alertIds ?? [row.alert!.id]).some((id) => budget.cut.has(id)));
}

function readRoundRecords(config: InfluxConfig, rounds: readonly { alertId: string; from: number }[], until: number, now: number, budget: Budget): Promise<DeliveryRecord[]> {
  return readWithin(rounds, until, budget, MAX_RESTORE_RECORDS, (r, limit) => readChainDeliveries(config, `${CHAIN_REASONS} AND ${idsWhere(r)}`, Math.ceil((now - r.from) / DAY_MS) + 1, false, limit));
}

/**
 * Their paging, acknowledging and closing events: not `updated` (a whole alert's copy each, many a day for a forecast
 * alert), which tells a round nothing its other events do not (openRounds: a round opens at a paging event, ends at an
 * acknowledgement, and the window read holds the alert's latest copy).
 */
async function readRoundEvents(config: InfluxConfig, rounds: readonly { alertId: string; from: number }[], until: number, budget: Budget): Promise<AlertEvent[]> {
  const events = await readWithin(rounds, until, budget, ALERT_HISTORY_LIMIT, (r, limit) => readAlertEvents(config, `${idsWhere(r)} AND "event" != 'updated'`, limit));
  return events.sort((a, b) => a.at - b.at);
}

/** What the background has read so far: the start's, with events and records from before its window for some alerts. */
export interface OlderRead extends RecentRead {
  /** Alerts whose chain records are read from their round's start. */
  fromStart: ReadonlySet<string>;
}

/**
 * The chain as it pages now, or null when it does as the start's: a step taken for done is not, its clock is earlier, its
 * steps are stale, or its primary was never paged. A primary the start paged (of a worsening the window shows) is not
 * paged again for the round's older paging event.
 */
function pagesNow(c: OpenChain, start: readonly OpenChain[]): OpenChain | null {
  const s = start.find((x) => x.alert.id === c.alert.id && x.teamId === c.teamId);
  if (!s) return null;
  const { unpaged, ...rest } = c;
  const chain: OpenChain = unpaged && !s.unpaged ? c : rest;
  return chain.done.length < s.done.length || chain.openedAt < s.openedAt || (chain.stale !== undefined && s.stale === undefined) || chain.unpaged ? chain : null;
}

/**
 * The start's chains told in full (first, before the look-back: its steps may fall due meanwhile): the events from
 * before the window of the rounds hiddenStarts finds, and the records from their start of the rounds begun before it
 * (bounded: the open critical rounds found, MAX_ROUNDS_FROM_START of each, READ_SPAN_DAYS a read, MAX_PASS_ROWS in all).
 * Returns those that page now (steps never paged, or stale), and what was read for the look-back. `capped`: alerts the
 * rows' cap left unread in full, told from the window alone (their rows read dropped).
 */
export async function readMissedSteps(config: InfluxConfig, directory: Directory, recent: RecentRead): Promise<{ chains: OpenChain[]; unread: number; capped: number; read: OlderRead }> {
  const { recordsFrom } = recent.window;
  const budget = newBudget();
  const hidden = hiddenStarts(recent.events).slice(0, MAX_ROUNDS_FROM_START);
  const firstRead = new Map(hidden.map((h) => [h.alertId, h.before]));
  const history = hidden.length > 0 ? (await readRoundEvents(config, hidden, recordsFrom + 3_600_000, budget)).filter((e) => e.at < (firstRead.get(e.alert.id) ?? -Infinity)) : [];
  const rounds = roundsBefore([...history, ...recent.events], recent.window);
  const picked = rounds.slice(0, MAX_ROUNDS_FROM_START);
  const records = picked.length > 0 ? [...(await readRoundRecords(config, picked, recordsFrom + 3_600_000, recent.now, budget)), ...recent.records] : recent.records;
  const events = [...history.filter((e) => !budget.cut.has(e.alert.id)), ...recent.events];
  const fromStart = new Set(picked.map((r) => r.alertId).filter((id) => !budget.cut.has(id)));
  const start = openChains(recent.events, recent.records, directory, recent.window);
  const chains = openChains(events, records, directory, { ...recent.window, fromStart }).flatMap((c) => pagesNow(c, start) ?? []);
  return { chains, unread: rounds.length - picked.length, capped: budget.cut.size, read: { ...recent, events, records, fromStart } };
}

/**
 * The look-back's chains (alerts the start's window does not show, or shows older), their rounds begun before the window
 * told from their records read from their start as readMissedSteps does (MAX_PASS_ROWS again). Records from before the
 * window are read for every chain that may have been running then (at most a day more), as at start.
 */
export async function readOlderChains(config: InfluxConfig, directory: Directory, read: OlderRead, readLatest = readLatestAlertStates): Promise<{ chains: OpenChain[]; unread: number; capped: number }> {
  const window = { ...read.window, older: await readLatest(config) };
  const from = chainRecordsFrom(read.events, directory, window);
  const readFrom = Math.min(from, read.window.readFrom);
  const records = from < read.window.readFrom ? [...(await readChainRecordsBefore(config, from, read.window.recordsFrom, read.now)), ...read.records] : read.records;
  const rounds = roundsBefore(read.events, { ...window, readFrom, fromStart: read.fromStart });
  const picked = rounds.slice(0, MAX_ROUNDS_FROM_START);
  const budget = newBudget();
  const all = picked.length > 0 ? [...(await readRoundRecords(config, picked, read.window.recordsFrom + 3_600_000, read.now, budget)), ...records] : records;
  const fromStart = new Set([...read.fromStart, ...picked.map((r) => r.alertId).filter((id) => !budget.cut.has(id))]);
  return { chains: lookbackChains(read.events, all, directory, { ...window, readFrom, fromStart }), unread: rounds.length - picked.length, capped: budget.cut.size };
}
