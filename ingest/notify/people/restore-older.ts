import type { InfluxConfig } from '../../../src/lib/core/influx-config';
import { quoteInfluxString } from '../../../src/lib/core/line-protocol';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { readLatestAlertStates } from '../../sinks/influx-read';
import { chainRecordsFrom, lookbackChains, openChains, roundsBefore, type OpenChain } from './restore';
import { CHAIN_REASONS, DAY_MS, readChainDeliveries, readChainRecordsBefore, type RecentRead } from './restore-read';

/**
 * After the start, in the background: the chains the start's 2-day window cannot tell. Alerts open longer with no
 * event in it come from the look-back (readLatestAlertStates). And a round begun before the window was taken for over
 * at start, its backup and lead reached; that holds only if the notifier was up when its steps fell due. Down then (or
 * the alert came while it was down), nobody may ever have been paged: so each such round's own records are read from
 * its start, and the steps they do not show go out at once, those they show not again.
 */

/** Rounds read from their start, newest first; older ones beyond it stay taken for over (logged). */
export const MAX_ROUNDS_FROM_START = 500;
/** One read covers at most this span, for at most ROUND_BATCH alerts (each read is bounded by the records' limit too). */
const READ_SPAN_DAYS = 30;
const ROUND_BATCH = 50;

export interface RoundRead {
  alertIds: string[];
  from: number;
  to: number;
}

/**
 * Pure: the reads that cover each round's records from its start up to `until`: spans of READ_SPAN_DAYS from the
 * earliest round's start, each for the rounds begun before its end, ROUND_BATCH alerts at most.
 */
export function roundReads(rounds: readonly { alertId: string; from: number }[], until: number): RoundRead[] {
  const spanMs = READ_SPAN_DAYS * DAY_MS;
  const reads: RoundRead[] = [];
  const earliest = rounds.reduce((min, r) => Math.min(min, r.from), Infinity);
  for (let from = earliest; from < until; from += spanMs) {
    const to = Math.min(until, from + spanMs);
    const open = rounds.filter((r) => r.from < to);
    for (let i = 0; i < open.length; i += ROUND_BATCH) {
      const batch = open.slice(i, i + ROUND_BATCH);
      reads.push({ alertIds: batch.map((r) => r.alertId), from: Math.max(from, Math.min(...batch.map((r) => r.from))), to });
    }
  }
  return reads;
}

/** The chain records of the rounds from each one's start to an hour into the window (as readChainRecordsBefore). */
async function readRoundRecords(config: InfluxConfig, rounds: readonly { alertId: string; from: number }[], recordsFrom: number, now: number): Promise<DeliveryRecord[]> {
  const out: DeliveryRecord[] = [];
  for (const read of roundReads(rounds, recordsFrom + 3_600_000)) {
    const ids = read.alertIds.map((id) => `"alert_id" = ${quoteInfluxString(id)}`).join(' OR ');
    const where = `${CHAIN_REASONS} AND (${ids}) AND time >= ${Math.trunc(read.from)}ms AND time < ${Math.trunc(read.to)}ms`;
    out.push(...(await readChainDeliveries(config, where, Math.ceil((now - read.from) / DAY_MS) + 1)));
  }
  return out;
}

export interface OlderChains {
  /** The look-back's chains (alerts the start's window does not show, or shows older). */
  older: OpenChain[];
  /** Chains the start restored as over whose records, read from their start, show steps never paged. */
  unpaged: OpenChain[];
  /** Rounds begun before the window beyond MAX_ROUNDS_FROM_START: still taken for over. */
  unread: number;
}

/**
 * The look-back's chains, and the rounds begun before the window told from their own records (bounded: the open
 * critical rounds found, MAX_ROUNDS_FROM_START of them, READ_SPAN_DAYS a read). Records from before the window are read
 * for every chain that may have been running then (at most a day more), as at start.
 */
export async function readOlderChains(config: InfluxConfig, directory: Directory, recent: RecentRead, readLatest = readLatestAlertStates): Promise<OlderChains> {
  const window = { ...recent.window, older: await readLatest(config) };
  const from = chainRecordsFrom(recent.events, directory, window);
  const readFrom = Math.min(from, recent.window.readFrom);
  const records = from < recent.window.readFrom ? [...(await readChainRecordsBefore(config, from, recent.window.recordsFrom, recent.now)), ...recent.records] : recent.records;
  const rounds = roundsBefore(recent.events, { ...window, readFrom });
  const picked = rounds.slice(0, MAX_ROUNDS_FROM_START);
  const fromStart = new Set(picked.map((r) => r.alertId));
  const all = picked.length > 0 ? [...(await readRoundRecords(config, picked, recent.window.recordsFrom, recent.now)), ...records] : records;
  // The start's rounds taken for over (its window alone: the look-back's copies of those alerts are not restored).
  const atStart = new Set(roundsBefore(recent.events, recent.window).map((r) => r.alertId));
  const unpaged = openChains(recent.events, all, directory, { ...recent.window, fromStart }).filter(
    (c) => atStart.has(c.alert.id) && fromStart.has(c.alert.id) && (c.done.length < 2 || c.stale !== undefined)
  );
  return { older: lookbackChains(recent.events, all, directory, { ...window, readFrom, fromStart }), unpaged, unread: rounds.length - picked.length };
}
