// What the command center reads back from InfluxDB (the start's rebuild, older open alerts, alerts missed while MQTT was away): apart from realtime.ts, which wires the live paths.
import type { AlertEvent } from '../core/alert';
import type { SequencedAlertEvent } from '../core/events';
import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import type { AlertStore } from './alert-store';
import { catchUpAlerts } from './alert-catch-up';
import { readLatestForecasts, withForecasts } from './forecasts';
import { parseDocs, readLatestReadings, readOlderOpenAlertEvents, readRecentAlertEvents } from './history';
import { alertEventsSource, type InfluxClient } from './influx';
import { latestDocQueries, OPEN_ALERT_LOOKBACK_DAYS } from '../influx/alert-lookback';
import { retryUntilDone, START_RETRY, type Retrying } from './start-retry';

/** Tries of the look-back for older open alerts: about 5 minutes of the start's backoff. */
const LOOKBACK_TRIES = 15;
/** One alert's re-read is asked for while a person waits on a page: a few seconds, not the console's 5 s or the look-back's 60. */
export const REFRESH_TIMEOUT_MS = 3_000;
const DAY_MS = 86_400_000;

export interface RestoreDeps {
  influx: InfluxClient;
  /** The catalog's sensors now (the registry's, which edits change while running): whose readings a rebuild reads back. */
  sensors: () => ReadonlyMap<string, Sensor>;
  store: AlertStore;
  /** Alert events the store changed: counted and sent to the walls and apps connected. */
  sendAlerts(events: readonly SequencedAlertEvent[]): void;
  /** Readings read back, into the live state. */
  takeReadings(readings: LiveReading[]): void;
  /** InfluxDB answered, or a failed try's ping says whether it is up. */
  setInfluxUp(up: boolean): void;
  log(message: string): void;
}

export interface Restore {
  /** Starts the rebuild, retried in the background until done; settles once its first try has ended. */
  start(): Promise<void>;
  /** Alert events published while the feed was away (clean session), read back from InfluxDB. */
  catchUp(): Promise<void>;
  /**
   * One held alert's newest stored copies, read back and applied as the catch-up applies them (sent to the walls too):
   * an acknowledge link about a worsening this server never heard (a catch-up that ran before the ingest's write landed
   * missed it for good). Rejects when InfluxDB does not answer in REFRESH_TIMEOUT_MS.
   */
  refreshAlert(id: string): Promise<void>;
  /** No further tries of the rebuild or the look-back. */
  stop(): void;
}

export function createRestore(deps: RestoreDeps): Restore {
  const { influx, sensors, store, log } = deps;
  let closed = false;
  let catchingUp = false;
  let rebuilding: Retrying | undefined;
  let lookingBack: Retrying | undefined;
  /** One read per alert at a time: every page of a link about it waits on the same. */
  const refreshing = new Map<string, Promise<void>>();

  /**
   * Stored alerts into the store, and to the walls and apps connected meanwhile (a retried rebuild, the
   * older open alerts read after it): they got a snapshot without them and would learn of them only at
   * a reconnect.
   */
  function loadAlerts(events: readonly AlertEvent[], now: number): void {
    deps.sendAlerts(store.load(events, now));
  }

  /**
   * The live state from InfluxDB. A failed read (InfluxDB away or slow at start: each query has 5 s)
   * is tried again in the background, 1 s then doubling to 30 s (start-retry.ts), until it succeeds:
   * the wall would otherwise stay empty of what is not sent live again (a silent gauge's last level,
   * open alerts). What arrived live meanwhile is newer and stays (the stores keep the newest of each).
   */
  async function rebuild(): Promise<void> {
    const now = Date.now();
    const catalog = sensors();
    const [events, latest, forecasts] = await Promise.all([
      readRecentAlertEvents(influx, now),
      readLatestReadings(influx, catalog, now),
      // Without stored forecasts the gauges still come back; the next live batch brings them.
      readLatestForecasts(influx, catalog, now).catch(() => new Map())
    ]);
    const readings = withForecasts(latest, forecasts);
    loadAlerts(events, now);
    deps.takeReadings(readings);
    deps.setInfluxUp(true);
    log(`rebuilt ${store.list(now).length} alerts and ${readings.length} readings from InfluxDB`);
    // Retried as the rebuild: one failed try (InfluxDB slow at start) lost a dead sensor's acknowledged
    // sensor_silent from the console until the next restart. But not for ever: a read that cannot
    // succeed (a year of shards over InfluxDB's own limits) would scan every 30 s for the process's life.
    const lookBackFailed = (err: Error, attempt: number, waitMs: number | null) =>
      log(`open alerts older than the rebuild window not read${attempt ? ' again' : ''}; ${waitMs === null ? `gave up after ${LOOKBACK_TRIES} tries (the next start reads them)` : `trying again in ${waitMs / 1000} s`}: ${err.message}`);
    if (!closed) lookingBack = retryUntilDone(() => lookBack(events), lookBackFailed, START_RETRY, LOOKBACK_TRIES);
  }

  /** Alerts open from before the rebuild window: a year of shards, so after the start, 60 s per read (history.ts). */
  async function lookBack(recent: readonly AlertEvent[]): Promise<void> {
    const older = await readOlderOpenAlertEvents(influx, recent);
    if (closed || older.length === 0) return;
    loadAlerts(older, Date.now());
    log(`${older.length} alerts open from before the rebuild window added`);
  }

  /** The alert's sensor and rule hold it (tags); its id is a field, so days from its raise bound the read. */
  async function refreshOne(id: string): Promise<void> {
    const held = store.get(id);
    if (!held) return;
    const days = Math.min(OPEN_ALERT_LOOKBACK_DAYS, Math.ceil((Date.now() - held.raisedAt) / DAY_MS) + 1);
    const [q] = latestDocQueries(alertEventsSource(influx), [{ sensor: held.sensorId, rule: held.rule, id }], days);
    const docs = parseDocs(await influx.query(q, { timeoutMs: REFRESH_TIMEOUT_MS })).reverse();
    // the per-alert read has no event column (each row reads 'updated'): catchUpAlerts names a worsening as such
    const sent = catchUpAlerts(store, docs, Date.now());
    deps.sendAlerts(sent);
    if (sent.length) log(`alert ${id}: a newer copy read back from InfluxDB (an acknowledge link was ahead of this server)`);
  }

  return {
    refreshAlert(id) {
      let pending = refreshing.get(id);
      if (!pending) {
        pending = refreshOne(id).finally(() => refreshing.delete(id));
        refreshing.set(id, pending);
      }
      return pending;
    },
    start() {
      rebuilding = retryUntilDone(rebuild, async (err, attempt, waitMs) => {
        log(`rebuild from InfluxDB failed${attempt === 0 ? ', starting empty' : ''}; trying again in ${(waitMs ?? 0) / 1000} s: ${err.message}`);
        deps.setInfluxUp(await influx.ping());
      });
      return rebuilding.first;
    },
    async catchUp() {
      if (catchingUp) return;
      catchingUp = true;
      try {
        const sent = catchUpAlerts(store, await readRecentAlertEvents(influx, Date.now()), Date.now());
        deps.sendAlerts(sent);
        log(`mqtt back: ${sent.length} alert event(s) caught up from InfluxDB`);
      } catch (err) {
        log(`catching up alerts from InfluxDB failed: ${(err as Error).message}`);
      } finally {
        catchingUp = false;
      }
    },
    stop() {
      closed = true;
      rebuilding?.stop();
      lookingBack?.stop();
    }
  };
}
