import type { AlertEvent } from '../../../src/lib/core/alert';
import { eventsPolicyFrom, MEASUREMENTS, type InfluxConfig } from '../../../src/lib/core/influx-config';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { influxQl, seriesRows } from '../../../src/lib/influx/query';
import { readAlertHistory } from '../../sinks/influx-read';
import { chainRecordsFrom, openChains, type OpenChain, type RestoreWindow } from './restore';
import { openQuietHolds, type QuietHold } from './quiet';
import { toldBefore, type ToldSeed } from './told-restore';

/**
 * What a restart reads back from InfluxDB for the escalation chains (restore.ts tells them): at start, the alert events
 * and the notifier's deliveries of the last LOOKBACK_DAYS; after it, the alerts open for longer (the look-back).
 */

const LOOKBACK_DAYS = 2;
export const MAX_RESTORE_RECORDS = 100_000;

/**
 * Delivery records of the last `days` matching `where`, at most `limit` (MAX_RESTORE_RECORDS): oldest first (a chain's
 * first on-call page dates it), or `newestFirst` (quiet holds: past the limit, the ones still waiting count).
 */
export function deliveriesQuery(config: Pick<InfluxConfig, 'database' | 'retention'>, where: string, days: number, newestFirst = false, limit = MAX_RESTORE_RECORDS): string {
  const from = eventsPolicyFrom(MEASUREMENTS.deliveries, config.database, config.retention);
  return `SELECT "doc" FROM ${from} WHERE ${where} AND time > now() - ${days}d${newestFirst ? ' ORDER BY time DESC' : ''} LIMIT ${Math.trunc(limit)}`;
}

export const CHAIN_REASONS = `("reason" = 'oncall' OR "reason" = 'backup' OR "reason" = 'lead')`;

/** Messages to subscribers and digests (who was told what: told-restore.ts), and the alerts found covered by no team. */
const TOLD_WHERE = `("reason" = 'subscription' OR "reason" = 'digest' OR "status" = 'uncovered')`;

/** Delivery records as readChainDeliveries reads them, `uncovered` ones too. */
async function readDeliveries(config: InfluxConfig, where: string, days: number, newestFirst: boolean, limit = MAX_RESTORE_RECORDS): Promise<DeliveryRecord[]> {
  const body = await influxQl(config, deliveriesQuery(config, where, days, newestFirst, limit));
  const out: DeliveryRecord[] = [];
  for (const series of body.results?.[0]?.series ?? []) {
    for (const row of seriesRows(series)) {
      try {
        const r = JSON.parse(String(row.doc)) as DeliveryRecord;
        if (Array.isArray(r.alertIds) && typeof r.at === 'number') out.push(r);
      } catch {
        // A damaged row restores nothing; the chain then starts from the alert's own time.
      }
    }
  }
  return out;
}

export async function readChainDeliveries(config: InfluxConfig, where = CHAIN_REASONS, days = LOOKBACK_DAYS, newestFirst = false, limit = MAX_RESTORE_RECORDS): Promise<DeliveryRecord[]> {
  // An `uncovered` record (reason oncall, no person) paged nobody: taken for a page, it would date a chain.
  return (await readDeliveries(config, where, days, newestFirst, limit)).filter((r) => r.status !== 'uncovered');
}

export const DAY_MS = 86_400_000;

/**
 * The chain records from `from` to an hour into the window read (`recordsFrom`): a record read twice counts once (a
 * step is done or not; the first on-call page is the earliest).
 */
export function readChainRecordsBefore(config: InfluxConfig, from: number, recordsFrom: number, now: number): Promise<DeliveryRecord[]> {
  const where = `${CHAIN_REASONS} AND time >= ${Math.trunc(from)}ms AND time < ${Math.trunc(recordsFrom + 3_600_000)}ms`;
  return readChainDeliveries(config, where, Math.ceil((now - from) / DAY_MS) + 1);
}

/** What the start read, for the look-back's chains after it (readOlderChains): its events, its records and their window. */
export interface RecentRead {
  events: AlertEvent[];
  records: DeliveryRecord[];
  window: RestoreWindow & { recordsFrom: number; readFrom: number };
  now: number;
}

/**
 * The open chains the last LOOKBACK_DAYS show, the quiet-hours holds still waiting for their digest (quiet hours
 * last under a day), who was told of what (`told`) and the alerts already recorded as covered by no team: read at start, before the notifier takes alert events. Records older than those days are read
 * only for a chain that may have been running then. An alert open longer, with no event since, comes from the
 * look-back after the start (restore-older.ts readOlderChains, from `recent`): up to a year of shards, a minute a read, it held
 * the start (and every page) for as long.
 */
export async function readOpenChains(
  config: InfluxConfig,
  directory: Directory,
  now = Date.now(),
  opts: { minuteMs?: number } = {}
): Promise<{ chains: OpenChain[]; quiet: QuietHold[]; recent: RecentRead; told: ToldSeed[]; uncovered: string[] }> {
  const [events, records, quiet, messages] = await Promise.all([
    readAlertHistory(config, LOOKBACK_DAYS),
    readChainDeliveries(config),
    readChainDeliveries(config, `"status" = 'quiet'`, 1, true),
    readDeliveries(config, TOLD_WHERE, LOOKBACK_DAYS, true)
  ]);
  const window = { recordsFrom: now - LOOKBACK_DAYS * DAY_MS, minuteMs: opts.minuteMs };
  const from = chainRecordsFrom(events, directory, window);
  const all = from < window.recordsFrom ? [...(await readChainRecordsBefore(config, from, window.recordsFrom, now)), ...records] : records;
  const read = { ...window, readFrom: from };
  const told = toldBefore(events, [...all, ...messages]);
  const uncovered = messages.filter((r) => r.status === 'uncovered').flatMap((r) => r.alertIds);
  return { chains: openChains(events, all, directory, read), quiet: openQuietHolds(events, quiet, now), recent: { events, records: all, window: read, now }, told, uncovered };
}
