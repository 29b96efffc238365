import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import { alertVersion, compareAlertCopies, mergeAlertCopies, newerCopy } from '../../../src/lib/core/alert-lifecycle';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { teamsFor } from '../../../src/lib/notify/rota';
import type { EscalationStep } from './escalation';
import { pagingEvent, primaryUnpaged, staleSteps, stepDone, stepPages, teamOpenedAt } from './restore-steps';
import { isPaging } from './route';

/**
 * After a restart, the escalation chains of critical emergencies still open, however long: rebuilt from InfluxDB
 * (the alert events, and the notifier's own deliveries of reason oncall/backup/lead), so a chain goes on
 * from where it was: a backup already paged is not paged again, a lead due while we were down is paged
 * at the first tick.
 */
export interface OpenChain {
  alert: Alert;
  teamId: string;
  openedAt: number;
  done: EscalationStep[];
  /**
   * Steps done whose pages all went out before the alert's latest worsening (its links are refused as stale), with the
   * stored event of that worsening: paged again at restore (dispatcher.ts), keyed by that event in the send ledger, so
   * the worsening redelivered after the restart (or replayed by the journal) pages them no second time.
   */
  stale?: { steps: EscalationStep[]; event: AlertEvent };
  /**
   * The paging event no page of the team's answers (primaryUnpaged: it came while the notifier was down, longer than the
   * broker keeps it, a day): its primary is paged at restore (dispatcher.ts) under its ledger key, not again if redelivered.
   */
  unpaged?: AlertEvent;
  /** The round's version (its opening copy's): its steps' send-ledger keys (dispatcher.ts), as the live chain keyed them. */
  round?: number;
  /**
   * The versions of the round's later paging events (its worsenings): a worsening that found the chain over
   * (unacknowledged) opened a new round live, its steps keyed by its version, which the events cannot tell from one that
   * found it running. A step the send ledger has under any of them is done (a team covering since paged in that round).
   */
  worsenings?: number[];
}

/**
 * Each alert's latest event by its alert's copy (newerCopy: version, then `updatedAt`; a tie: the later in the list), its
 * copy merged with the others as foldAlertEvents folds them (mergeAlertCopies). Not by event time: a worsening is dated
 * on the ingest's clock, an update or resolution by its reading's, so for a gauge running behind, a resolution is stored
 * before the worsening it followed; and an acknowledgement made on the copy from before a worsening is dated after it on
 * the web's clock, though refused. Merged: the ingest's `updated` or `escalated` stamped after an acknowledgement of its
 * version but made before it merged it carries it (as on the web): the alert is acknowledged, no chain to restore.
 */
function latestEvents(events: readonly AlertEvent[]): Map<string, AlertEvent> {
  const latest = new Map<string, AlertEvent>();
  for (const e of events) {
    const held = latest.get(e.alert.id);
    const alert = mergeAlertCopies(e.alert, held?.alert);
    if (newerCopy(e.alert, held?.alert)) latest.set(e.alert.id, alert === e.alert ? e : { ...e, alert });
    else if (held && alert !== held.alert) latest.set(e.alert.id, { ...held, alert });
  }
  return latest;
}

const STATE_RANK: Readonly<Record<Alert['state'], number>> = { raised: 0, acknowledged: 1, resolved: 2 };

/**
 * Pure: how two copies of an alert compare for its chain: by the core's order (closed first, then the version,
 * `worsenedAt`), then acknowledged over raised; not by `updatedAt`. A comment, an assignment, a step or an ingest
 * update changes nothing a chain goes by: a copy newer only by those is as new for it (0).
 */
export function compareChainCopies(a: Alert, b: Alert): number {
  const byVersion = compareAlertCopies({ ...a, updatedAt: 0 }, { ...b, updatedAt: 0 });
  return byVersion !== 0 ? byVersion : STATE_RANK[a.state] - STATE_RANK[b.state];
}

/**
 * What the records and events read cover. `older`: copies of open alerts the events do not show, or show older (the
 * look-back, each open sensor and rule pair's newest copies): an alert open longer than the events read, with no event
 * since (a flood held at Siaga 2 for days). `recordsFrom`: the records of the window are read from this time on; a round begun before it
 * whose team's steps all fell due before it is taken for over (a team's steps come within ESCALATION_MAX_MIN, a day),
 * its backup and lead reached, until its records are read from its start (`fromStart`): true only if the notifier was up
 * when they fell due. `readFrom`: the records read reach back to here (chainRecordsFrom; `recordsFrom` by default). `minuteMs`: a
 * team's minute (60,000; shorter in tests). `fromStart`: alerts whose records were read from their round's start
 * (restore-older.ts): told by those, never taken for over (the notifier may have been down when their steps fell due).
 */
export interface RestoreWindow {
  older?: readonly Alert[];
  recordsFrom?: number;
  readFrom?: number;
  minuteMs?: number;
  fromStart?: ReadonlySet<string>;
}

interface Round {
  latest: AlertEvent;
  /** When its current round began paging (the records from then on count). */
  from: number;
  /** The event of its latest worsening (the latest event when that is not read). */
  worsening: AlertEvent;
  /** Its copy came from `older` (the look-back), not from the events read. */
  lookback: boolean;
  /** When its paging events (raised, escalated) of this round came, each may have opened a team's chain. */
  pagings: number[];
  /** The versions of those paging events after the opening one (worsenings). */
  worsenings: number[];
  /** The paging event that began the round (made from the latest copy when not read). */
  opening: AlertEvent;
}

/**
 * Pure: the open paging alerts, each with its current round. An acknowledgement ends a round, and an alert that got
 * worse after it (reopened, `worsenedAt`) pages anew, so only the first paging event after the latest acknowledgement
 * starts the round.
 */
function openRounds(events: readonly AlertEvent[], older: readonly Alert[]): Map<string, Round> {
  const latest = latestEvents(events);
  const ackedAt = new Map<string, number>();
  // The newest version acknowledged: a paging event of it or older came before the ingest merged the acknowledgement
  // (its `escalated` after the unacknowledged delay), paged nobody live (paging.ts `answered`) and opens no round.
  const ackedVersion = new Map<string, number>();
  // Each alert's first paging event of its current round.
  const openings = new Map<string, AlertEvent>();
  const worsenedAt = new Map<string, number>();
  // Each alert's first `escalated` event of its newest version: the one the live notifier took as the worsening.
  const worsenings = new Map<string, AlertEvent>();
  const pagings = new Map<string, number[]>();
  const pagingVersions = new Map<string, { at: number; version: number }[]>();
  for (const e of events) {
    const id = e.alert.id;
    if (isPaging(e.alert) && (e.type === 'raised' || e.type === 'escalated')) {
      const times = pagings.get(id);
      if (times) times.push(e.at);
      else pagings.set(id, [e.at]);
      const versions = pagingVersions.get(id) ?? [];
      versions.push({ at: e.at, version: alertVersion(e.alert) });
      pagingVersions.set(id, versions);
    }
    const version = e.alert.worsenedAt ?? -Infinity;
    // An acknowledgement on a copy from before a worsening already stored was refused (paging.ts, the ingest's merge): it ends no round.
    const stale = version < (worsenedAt.get(id) ?? -Infinity);
    if (!stale) worsenedAt.set(id, version);
    if (e.type === 'escalated' && version > (worsenings.get(id)?.alert.worsenedAt ?? -Infinity)) worsenings.set(id, e);
    const acked = stale ? -Infinity : Math.max(e.type === 'acknowledged' ? e.at : -Infinity, e.alert.acknowledgedAt ?? -Infinity);
    if (acked > (ackedAt.get(id) ?? -Infinity)) {
      ackedAt.set(id, acked);
      if ((openings.get(id)?.at ?? -Infinity) <= acked) openings.delete(id);
    }
    if (!stale && (e.type === 'acknowledged' || e.alert.state === 'acknowledged')) ackedVersion.set(id, Math.max(version, ackedVersion.get(id) ?? -Infinity));
    const answered = ackedVersion.has(id) && version <= (ackedVersion.get(id) as number);
    if (isPaging(e.alert) && (e.type === 'raised' || e.type === 'escalated') && !openings.has(id) && e.alert.state === 'raised' && !answered) openings.set(id, e);
  }
  // Open longer than the events read: its newest copy, as an event of no kind that counts for a round. Also when newer
  // for its chain (compareChainCopies: version, then acknowledged or resolved) than the window's: an acknowledgement made
  // on the copy from before a worsening just before the window, refused live, is stored in it later on the web's clock.
  // Not when only its `updatedAt` is later (a comment, an assignment, a step, an ingest update stored since the window
  // was read): that took the window's round for the look-back's, restored again over the live one (paged twice).
  // The window's on a tie: its event's kind.
  const newestOlder = new Map<string, Alert>();
  for (const a of older) if (newerCopy(a, newestOlder.get(a.id))) newestOlder.set(a.id, a);
  const fromOlder = new Set<string>();
  for (const a of newestOlder.values()) {
    const held = latest.get(a.id)?.alert;
    if (held && compareChainCopies(a, held) <= 0) continue;
    latest.set(a.id, { type: 'updated', at: a.updatedAt, by: '', alert: mergeAlertCopies(a, held) });
    fromOlder.add(a.id);
  }
  const rounds = new Map<string, Round>();
  for (const [id, e] of latest) {
    if (!isPaging(e.alert) || e.alert.state !== 'raised' || e.type === 'resolved') continue;
    const from = openings.get(id)?.at ?? e.alert.worsenedAt ?? e.alert.raisedAt;
    // That event not read (past the look-back or its limit): the latest keys the pages, never an older worsening's event.
    const worsening = worsenings.get(id)?.alert.worsenedAt === e.alert.worsenedAt ? worsenings.get(id)! : e;
    const opening = openings.get(id) ?? pagingEvent(e, from);
    const round = alertVersion(opening.alert);
    const later = [...new Set((pagingVersions.get(id) ?? []).filter((p) => p.at >= from && p.version > round).map((p) => p.version))];
    rounds.set(id, { latest: e, from, worsening, lookback: fromOlder.has(id), pagings: (pagings.get(id) ?? []).filter((t) => t >= from), worsenings: later, opening });
  }
  return rounds;
}

/** How long after its round began a team's chain is over: its lead's step (never before the backup's). */
const chainSpan = (team: { backupAfterMin: number; leadAfterMin: number }, minuteMs: number): number => Math.max(team.backupAfterMin, team.leadAfterMin) * minuteMs;

/**
 * Pure: from when records must be read for every round to be told (`window.recordsFrom` when they are): the earliest
 * round begun before it whose chain may still have been running then. A round over before it needs none.
 */
export function chainRecordsFrom(events: readonly AlertEvent[], directory: Directory, window: RestoreWindow): number {
  const recordsFrom = window.recordsFrom ?? -Infinity;
  let from = recordsFrom;
  for (const round of openRounds(events, window.older ?? []).values()) {
    if (round.from >= from) continue;
    const span = Math.max(0, ...teamsFor(directory, round.latest.alert).map((t) => chainSpan(t, window.minuteMs ?? 60_000)));
    if (round.from + span >= recordsFrom) from = round.from;
  }
  return from;
}

/**
 * Pure: the open rounds begun before the records read (`window.readFrom`, from chainRecordsFrom of the same window) and
 * not read from their start (`window.fromStart`): those openChains takes for over. Newest first.
 */
export function roundsBefore(events: readonly AlertEvent[], window: RestoreWindow): { alertId: string; from: number }[] {
  const readFrom = Math.min(window.readFrom ?? window.recordsFrom ?? -Infinity, window.recordsFrom ?? -Infinity);
  const before: { alertId: string; from: number }[] = [];
  for (const [alertId, round] of openRounds(events, window.older ?? [])) if (round.from < readFrom && !window.fromStart?.has(alertId)) before.push({ alertId, from: round.from });
  return before.sort((a, b) => b.from - a.from);
}

/**
 * Pure: the open rounds that begin, in the events read, with a worsening of an alert raised before them, no
 * acknowledgement among them (but one refused as stale): the round that worsening found (running, or over with its backup and lead reached) is not
 * in them, so they tell it as a new round from its primary, its steps at their delays. A notifier that never stopped
 * paged the backup and lead already reached again at once. `before`: the alert's first event read. Newest first.
 */
export function hiddenStarts(events: readonly AlertEvent[]): { alertId: string; from: number; before: number }[] {
  const first = new Map<string, number>();
  const acked = new Set<string>();
  const versions = new Map<string, number>();
  for (const e of events) {
    first.set(e.alert.id, Math.min(e.at, first.get(e.alert.id) ?? Infinity));
    // An acknowledgement on a copy from before a worsening already stored was refused (as in openRounds): no acknowledgement.
    const version = alertVersion(e.alert);
    if (version < (versions.get(e.alert.id) ?? 0)) continue;
    versions.set(e.alert.id, version);
    if (e.type === 'acknowledged' || e.alert.acknowledgedAt !== undefined) acked.add(e.alert.id);
  }
  const hidden: { alertId: string; from: number; before: number }[] = [];
  for (const [alertId, { latest, from }] of openRounds(events, [])) {
    const before = first.get(alertId) ?? -Infinity;
    if (!acked.has(alertId) && latest.alert.raisedAt < before && from > latest.alert.raisedAt) hidden.push({ alertId, from: latest.alert.raisedAt, before });
  }
  return hidden.sort((a, b) => b.from - a.from);
}

/**
 * Pure: open paging alerts (last event folded) and the chain steps their deliveries show: the current round's
 * (openRounds), from its first on-call page. A step is done only when a record says it went out or was given up; one
 * cut mid-send (`failed`, retry pending) goes again. A round begun before the records read (`window`) is taken for over
 * when its team's steps all fell due before them, until its records are read from its start (`window.fromStart`).
 */
export function openChains(events: readonly AlertEvent[], records: readonly DeliveryRecord[], directory: Directory, window: RestoreWindow = {}): OpenChain[] {
  return chainsOf(openRounds(events, window.older ?? []), records, directory, window);
}

/**
 * Pure: the chains of the alerts the look-back (`window.older`) adds to the events read, or shows newer than they do:
 * openChains' for those alerts only. The look-back reads up to a year of shards, so it comes after the start
 * (restore-older.ts readOlderChains), and only these are restored from it: not an alert whose round the start restored
 * from the events read (its chain runs, or ran and ended, in the dispatcher since; restored again, an ended one paged again).
 */
export function lookbackChains(events: readonly AlertEvent[], records: readonly DeliveryRecord[], directory: Directory, window: RestoreWindow): OpenChain[] {
  const rounds = openRounds(events, window.older ?? []);
  const atStart = openRounds(events, []);
  for (const [id, round] of rounds) if (!round.lookback || atStart.has(id)) rounds.delete(id);
  return chainsOf(rounds, records, directory, window);
}

function chainsOf(rounds: ReadonlyMap<string, Round>, records: readonly DeliveryRecord[], directory: Directory, window: RestoreWindow): OpenChain[] {
  const recordsFrom = window.recordsFrom ?? -Infinity;
  const readFrom = Math.min(window.readFrom ?? recordsFrom, recordsFrom);
  const byAlert = new Map<string, DeliveryRecord[]>();
  for (const r of records) {
    for (const id of r.alertIds) {
      const list = byAlert.get(id);
      if (list) list.push(r);
      else byAlert.set(id, [r]);
    }
  }
  const chains: OpenChain[] = [];
  for (const [id, { latest: e, from, worsening, pagings, worsenings, opening }] of rounds) {
    const round = (byAlert.get(id) ?? []).filter((r) => r.at >= from);
    // Where this alert's records reach back to: its round's start when read from there.
    const told = window.fromStart?.has(id) ? -Infinity : readFrom;
    for (const team of teamsFor(directory, e.alert)) {
      if (from < told && from + chainSpan(team, window.minuteMs ?? 60_000) < recordsFrom) {
        chains.push({ alert: e.alert, teamId: team.id, openedAt: from, done: ['backup', 'lead'] });
        continue;
      }
      const openedAt = teamOpenedAt(team.id, round, pagings, from);
      const pagesOf = stepPages(team, openedAt, window.minuteMs ?? 60_000, round, directory);
      const done = (['backup', 'lead'] as const).filter((step) => stepDone(pagesOf(step), directory));
      // A worsening before the records read: whether its pages went out is not known, and it is older than any restart's news.
      const stale = (e.alert.worsenedAt ?? -Infinity) >= told ? staleSteps(e.alert, done, pagesOf, directory) : [];
      // The primary hears of the round's paging event, or of its latest worsening (as live), when no page since shows it did.
      const worse = (e.alert.worsenedAt ?? -Infinity) >= from;
      const since = worse ? (e.alert.worsenedAt as number) : from;
      const unpaged = since >= told && primaryUnpaged(team.id, round.filter((r) => r.at >= since), directory) ? (worse ? pagingEvent(worsening, since) : opening) : undefined;
      chains.push({ alert: e.alert, teamId: team.id, openedAt, done, round: alertVersion(opening.alert), ...(worsenings.length > 0 ? { worsenings } : {}), ...(stale.length > 0 ? { stale: { steps: stale, event: worsening } } : {}), ...(unpaged ? { unpaged } : {}) });
    }
  }
  return chains;
}
