import path from 'node:path';
import pg from 'pg';
import type { AlertEvent } from '../../../src/lib/core/alert';
import { alertVersion } from '../../../src/lib/core/alert-lifecycle';
import type { DeliveryRecord, Directory, Person, PersonChannel } from '../../../src/lib/core/people';
import { parseAlertEvent } from '../webhooks';
import { openDeliveryJournal } from '../journal';
import { migrate, readMigrations } from '../../../src/lib/server/registry/migrate';
import { directoryVersion, loadDirectory } from '../../../src/lib/server/people/directory';
import { createPeopleStore } from '../../../src/lib/server/people/store';
import type { Channel, OutgoingMessage } from '../channels/types';
import type { PeopleConfig } from './config';
import { createDispatcher, type DispatcherStats, type MessageSubject } from './dispatcher';
import { createEventJournal } from './event-journal';
import { createLinkMaker, type LinkMaker } from './links';
import { answeredAlerts } from './paging';
import { channelDisabledDetail, createRecordWriter, NOTIFIER_USER } from './records';
import { createLiveCopies } from './late-restore';
import type { OpenChain } from './restore';
import { MAX_PASS_ROWS, MAX_ROUNDS_FROM_START, readMissedSteps, readOlderChains, type OlderRead } from './restore-older';
import { readOpenChains, type RecentRead } from './restore-read';
import { retryUntilDone, START_RETRY, type Retrying } from '../../../src/lib/server/start-retry';
import { keepRestoring, restorePolicy } from './start-restore';
import { createUncoveredLog } from './uncovered';
import { createChannelTester } from './channel-test';
import { createSendLedger } from './send-ledger';
import type { ChannelTestRequest, ChannelTestResult } from '../../../src/lib/server/people/channel-test-message';

/**
 * Delivery to people, wired: the directory from PostgreSQL (reloaded when its version changes), the
 * dispatcher, the people event journal, records to MQTT (via `publish`) and InfluxDB (deliveries and
 * audit), open escalation chains restored at start. main.ts hands it each alert event after the
 * webhooks have theirs; it returns once the event is on disk, so the PUBACK may go.
 */

/** Turns a subject into words for one person and channel; the links are made here (signed per message). */
export type Render = (person: Person, subject: MessageSubject, channel: PersonChannel, links: { url: string; ackUrl?: string }) => OutgoingMessage;

export interface PeopleDeliveryOptions {
  config: PeopleConfig;
  channels: ReadonlyMap<string, Channel>;
  /** Given the current directory (team names), the words of a message. */
  render: (directory: () => Directory) => Render;
  /** QoS 1 on TOPICS.alertDeliveries. */
  publish: (record: DeliveryRecord) => void;
  /** `<NOTIFY_JOURNAL_DIR>/people`, or '' for none. */
  journalDir: string;
  journalFsync: boolean;
  /** CHANNEL_TIMEOUT_MS: an attempt cut short by a crash is not resent sooner than this after it began. */
  channelTimeoutMs?: number;
  log: (message: string) => void;
}

export interface PeopleDelivery {
  /** Journals the event (sync) and dispatches it; throws when the journal cannot be written. */
  accept(event: AlertEvent): void;
  /** An admin's test message to one channel (TOPICS.channelTests), on the newest directory; audited. */
  testChannel(request: ChannelTestRequest): Promise<ChannelTestResult>;
  /** `nobodyOnCall` counts the critical emergencies no team covers too (uncovered.ts): nobody is on call for them. */
  stats(): DispatcherStats & { directoryVersion: number; people: number; pendingEvents: number; records: { queued: number; written: number; dropped: number } };
  /** Tests and benches: every message so far is delivered or given up, and its records written. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Tries of the look-back for chains of alerts open longer than the restore's days: 1 s doubling to 30 s, about 2 minutes of waits. */
const LOOKBACK_TRIES = 8;

/** Acknowledge links go with new paging and alerts still open; a resolution has nothing to acknowledge. */
function wantsAckLink(subject: MessageSubject): subject is Extract<MessageSubject, { type: 'alert' }> {
  return subject.type === 'alert' && subject.event !== 'resolved' && subject.alert.state === 'raised';
}

function messageMaker(render: Render, links: LinkMaker) {
  return (person: Person, subject: MessageSubject, channel: PersonChannel): OutgoingMessage => {
    const now = Date.now();
    const url = links.alertUrl(subject.type === 'alert' ? subject.alert.id : '');
    // The version, not the time, says which state the link acknowledges: the notifier's clock is not the ingest's.
    const ackUrl = wantsAckLink(subject) ? links.ackUrl(subject.alert.id, person.id, channel.kind, now, alertVersion(subject.alert)) : undefined;
    return render(person, subject, channel, { url, ackUrl });
  };
}

export async function startPeopleDelivery(opts: PeopleDeliveryOptions): Promise<PeopleDelivery> {
  const { config, log } = opts;
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4, connectionTimeoutMillis: 10_000 });
  pool.on('error', (err) => log(`database: ${err.message}`));
  // The command center applies migrations too; whichever starts first does it (advisory lock).
  const applied = await migrate(pool, await readMigrations());
  if (applied.length > 0) log(`database migrations applied: ${applied.join(', ')}`);
  let directory: Directory = await loadDirectory(pool);
  log(`people directory version ${directory.version}: ${directory.people.length} people, ${directory.teams.length} teams, ${directory.shifts.length} shifts`);

  const store = createPeopleStore(pool);
  const writer = createRecordWriter(config.influx, log);
  // Beside the event journal: which of its events' messages went out (a replay does not send them again).
  const sends = createSendLedger(opts.journalDir ? { file: `${path.resolve(opts.journalDir)}.sends` } : {});
  const dispatcher = createDispatcher({
    sends,
    channelTimeoutMs: opts.channelTimeoutMs,
    directory: () => directory,
    channels: opts.channels,
    message: messageMaker(opts.render(() => directory), createLinkMaker(config.publicUrl, config.ackSecret)),
    record(record) {
      writer.write(record);
      opts.publish(record);
    },
    disable(person, channel, reason) {
      log(`disabling ${channel.kind} channel ${channel.id} of ${person.id}: ${reason}`);
      void disableChannel(person, channel, reason);
    },
    log,
    minuteMs: config.minuteMs,
    digest: config.digest,
    concurrency: config.concurrency
  });

  const tester = createChannelTester({ directory: () => directory, channels: opts.channels, publicUrl: config.publicUrl, audit: (entry) => writer.audit(entry) });
  // What the dispatcher takes while the look-back is still being read (late-restore.ts).
  const live = createLiveCopies();
  let closed = false;
  let lookingBack: Retrying | undefined;
  // Recorded as the dispatcher's records are: on the alert (MQTT, InfluxDB) and in the audit log.
  const uncovered = createUncoveredLog(log, { record: (r) => (writer.write(r), opts.publish(r)) });
  /** Every event the dispatcher takes, live or replayed. */
  const dispatch = (event: AlertEvent, finish: () => void) => {
    live.note(event);
    uncovered.note(directory, event);
    dispatcher.handle(event, finish);
  };
  // What the background read of the start's chains found (readMissedSteps), once.
  let missed: OlderRead | undefined;
  // Tried until InfluxDB answers (start-restore.ts); the start waits for the first try only.
  const restoring = keepRestoring(restoreChains, restoreFailed, restorePolicy(config.restoreRetryMs));
  await restoring.first;
  const journal = createEventJournal(opts.journalDir ? openDeliveryJournal(path.resolve(opts.journalDir), opts.journalFsync) : null);
  const replayed = journal.replay();
  if (replayed.length > 0) log(`people: replaying ${replayed.length} event(s) not finished before the last stop`);
  for (const r of replayed) {
    const event = parseAlertEvent(r.body);
    if (!event) {
      r.finish();
      continue;
    }
    dispatch(event, r.finish);
  }
  if (replayed.length > 0) {
    const s = dispatcher.stats();
    log(`people: of the replayed events' messages, ${s.notResent ?? 0} not sent again (they went out), ${s.outcomeUnknown ?? 0} with an unknown outcome (sent again only when critical)`);
  }

  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    void reload().finally(() => (polling = false));
  }, config.directoryPollMs);
  // A quarter of a team's minute, at most a second: escalation steps are late by at most that (1 s in production).
  const ticker = setInterval(() => dispatcher.tick(Date.now()), Math.min(1_000, Math.max(50, config.minuteMs / 4)));
  poll.unref();
  ticker.unref();

  /** As an admin's change would be: in the directory (its version moves) and in the audit log, as `notifier`. */
  async function disableChannel(person: Person, channel: PersonChannel, reason: string): Promise<void> {
    const entry = { action: 'people:channel-disabled', target: `${person.id}/${channel.id}` };
    try {
      const r = await store.updateChannel({ user: NOTIFIER_USER, role: 'system' }, person.id, channel.id, { enabled: false });
      writer.audit({ ...entry, ok: r.ok, ...channelDisabledDetail(channel.kind, reason, r) });
    } catch (err) {
      log(`disable channel ${channel.id} failed: ${(err as Error).message}`);
      writer.audit({ ...entry, ok: false, ...channelDisabledDetail(channel.kind, reason, { fault: (err as Error).message }) });
    }
  }

  async function reload(): Promise<void> {
    try {
      if ((await directoryVersion(pool)) === directory.version) return;
      directory = await loadDirectory(pool);
      log(`people directory version ${directory.version}: ${directory.people.length} people, ${directory.teams.length} teams`);
    } catch (err) {
      // Keep routing with the last snapshot: a database blip must not stop paging.
      log(`people directory reload failed (keeping version ${directory.version}): ${(err as Error).message}`);
    }
  }

  function restoreAll(chains: readonly OpenChain[]): void {
    for (const c of chains) dispatcher.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale, c.unpaged, c.round, c.worsenings);
  }

  /**
   * The chains of the last days, before the first event is taken. InfluxDB may still be starting (a reboot): a failed
   * read is tried again until it answers (keepRestoring), however late. Those of alerts open longer come after (lookBack).
   */
  async function restoreChains(): Promise<void> {
    const { chains: read, quiet, recent, told, uncovered: recorded } = await readOpenChains(config.influx, directory, Date.now(), { minuteMs: config.minuteMs });
    if (closed) return;
    // Who was told of what before the stop (news.ts): the ingest's reminder after the restart tells them nothing again.
    dispatcher.restoreTold(told);
    // Recorded covered by no team before the stop: not recorded again.
    for (const id of recorded) uncovered.known(id);
    // A retry runs while the live path takes events: a worsening taken meanwhile (its write perhaps not yet landed)
    // keeps its round, as for the look-back (late-restore.ts); the old round's done steps and clock merged into it
    // ended it, its backup and lead never paged. Only a strictly newer live copy keeps it: the journal's replay of
    // an unfinished event (as new as the stored copy) still gets its stored steps and clock. At the first try nothing
    // is taken yet: all restored.
    const chains = live.pick(read);
    // Acknowledged or resolved before the stop, as heard live (the newer copy heard since wins): the ingest's copy stamped
    // before it merged the acknowledgement, redelivered or still to come, pages nobody.
    for (const a of answeredAlerts(recent.events)) dispatcher.answered(live.newest(a));
    restoreAll(chains);
    if (chains.length > 0) log(`escalation: restored ${chains.length} open chain(s) from InfluxDB${read.length > chains.length ? ` (${read.length - chains.length} taken live meanwhile, left to the live path)` : ''}`);
    // Held as the newest copy heard: one resolved live meanwhile is left out of the digest, as a live hold would be.
    for (const q of quiet) dispatcher.restoreQuiet(q.personId, live.newest(q.alert), q.until, q.at);
    if (quiet.length > 0) log(`quiet hours: ${quiet.length} held message(s) restored from InfluxDB for the digests when they end`);
    lookingBack = retryUntilDone(() => lookBack(recent), lookBackFailed, START_RETRY, LOOKBACK_TRIES);
  }

  function restoreFailed(err: Error, attempt: number, waitMs: number, logged: boolean): void {
    if (!logged) return;
    const next = `trying again in ${waitMs / 1000} s${attempt > 0 ? `, and for as long as it takes (try ${attempt + 1})` : ''}`;
    log(`escalation: could not restore open chains from InfluxDB (${err.message}); ${next}; until then new alerts page as usual`);
  }

  /**
   * After the start, not before it: the look-back reads up to a year of shards (a minute a read), and every alert event,
   * a new critical page among them, waited for it. Its chains are of alerts open longer than the last days; one the live
   * path took meanwhile keeps the live path's round (late-restore.ts). With them, every round begun before those days is
   * told from its own records, read from its start (restore-older.ts): steps never paged (the notifier was down) go now.
   */
  async function lookBack(recent: RecentRead): Promise<void> {
    // Once: a retry of the look-back must not restore these again (their steps paged since would go again).
    if (!missed) {
      const m = await readMissedSteps(config.influx, directory, recent);
      if (closed) return;
      // Restored at start, as the journal's replays were then: only a copy heard live newer for its chain keeps its round.
      const chains = live.pick(m.chains);
      restoreAll(chains);
      if (chains.length > 0) log(`escalation: ${chains.length} chain(s) begun before the last days with steps never paged, or reached before a worsening not paged since (the notifier was down): paging them now`);
      if (m.unread > 0) log(`escalation: ${m.unread} chain(s) beyond the ${MAX_ROUNDS_FROM_START} read from their start taken for over`);
      if (m.capped > 0) log(`escalation: the read of chains begun before the last days stopped at ${MAX_PASS_ROWS} rows: ${m.capped} alert(s) not read in full, told from the last days only`);
      missed = m.read;
    }
    const { chains: older, unread, capped } = await readOlderChains(config.influx, directory, missed);
    if (closed) return;
    const chains = live.take(older);
    restoreAll(chains);
    const taken = older.length - chains.length;
    if (older.length > 0) log(`escalation: restored ${chains.length} chain(s) of alerts open longer than the last days${taken > 0 ? ` (${taken} taken live meanwhile, left to the live path)` : ''}`);
    if (unread > 0) log(`escalation: ${unread} look-back chain(s) beyond the ${MAX_ROUNDS_FROM_START} read from their start taken for over`);
    if (capped > 0) log(`escalation: the look-back's read of records from their rounds' start stopped at ${MAX_PASS_ROWS} rows: ${capped} alert(s) not read in full, taken for over`);
  }

  function lookBackFailed(err: Error, attempt: number, waitMs: number | null): void {
    if (waitMs === null) live.stop();
    const next = waitMs === null ? `gave up after ${LOOKBACK_TRIES} tries (the next start reads them)` : `trying again in ${waitMs / 1000} s`;
    log(`escalation: could not read the alerts open longer than the last days${attempt > 0 ? ' again' : ''} (${err.message}); ${next}`);
  }

  return {
    accept(event) {
      dispatch(event, journal.append(JSON.stringify(event)));
    },
    async testChannel(request) {
      await reload(); // the channel may have been added a moment ago
      return tester.test(request);
    },
    stats() {
      const s = dispatcher.stats();
      return { ...s, nobodyOnCall: s.nobodyOnCall + uncovered.count(), directoryVersion: directory.version, people: directory.people.length, pendingEvents: journal.pending(), records: writer.stats() };
    },
    async settle() {
      await dispatcher.idle();
      await writer.settle();
    },
    async close() {
      closed = true;
      restoring.stop();
      lookingBack?.stop();
      live.stop();
      clearInterval(poll);
      clearInterval(ticker);
      await dispatcher.close();
      await writer.close();
      journal.close();
      sends.close();
      await Promise.all([...opts.channels.values()].map((c) => c.close?.().catch(() => undefined)));
      await pool.end().catch(() => undefined);
    }
  };
}
