import type { Alert, AlertEvent, AlertEventType } from '../src/lib/core/alert';
import { parseAlertEvent } from '../src/lib/schemas/wire';
import type { DecodeLimits } from '../src/lib/core/decode';
import type { Reading } from '../src/lib/core/reading';
import type { Catalog, Sensor } from '../src/lib/core/sensor';
import { TOPICS } from '../src/lib/core/topic';
import type { DetectionEngine } from './detect/engine';
import { createMessageDecoder } from './decode-message';
import { createRejectCounter, makeDeadLetter } from './outputs/dead-letter';
import { createLiveCoalescer, packJsonArrays } from './outputs/live';
import { createForecastOutput } from './outputs/forecasts';
import type { DurableLog } from './durable';
import type { Partition } from './partition';
import { parseSensorTopic } from '../src/lib/core/topic';
import { createHandover, type Handover } from './handover';
import type { HandoverStore } from './handover-file';
import type { RestoreHold } from './restore-hold';
import { mergeHumanFields } from './detect/alert-merge';

/** Who the ingest says it is in alert events it raises itself (people act under their own names). */
export const SYSTEM_ACTOR = 'pantau';
/** What people do to an alert in the command center; raising and updating alerts is the ingest's alone. */
const HUMAN_EVENT_TYPES: ReadonlySet<string> = new Set<AlertEventType>(['acknowledged', 'assigned', 'commented', 'stepped', 'resolved']);
/** A detector bug hit on every reading would otherwise write a stack per reading. */
const ERROR_LOG_EVERY_MS = 60_000;
/** How long the old owner of a sensor moved by a registry version keeps storing it (handover.ts). */
export { HANDOVER_MS } from './handover';

export interface IngestDeps {
  catalog: Catalog;
  limits: DecodeLimits;
  maxSensorRatePerS: number;
  sink: DurableLog;
  engine: DetectionEngine;
  /** With several workers: messages for sensors another worker owns are acknowledged and ignored. */
  partition?: Partition;
  /** With a partition: where the handover state survives a restart (next to the journal); none: not kept. */
  handoverStore?: HandoverStore;
  /** While the open alerts are still to be restored (read late): people's actions on alerts not known yet wait here. */
  restoreHold?: RestoreHold;
  publish(topic: string, payload: string, qos: 0 | 1): void;
  now(): number;
  log(message: string): void;
}

export interface IngestStats {
  received: number;
  /** Messages for sensors other workers own (not counted in received). */
  othersSkipped: number;
  /** Of those, stored anyway: their sensor was this worker's until a registry version moved it (handover.ts). */
  handedOver?: number;
  accepted: number;
  readings: number;
  rejected: number;
  rejectedByCode: Record<string, number>;
  alertEvents: number;
  live: number;
  /** Readings stored whose detection, forecast or live update threw (a bug; logged at most once a minute). */
  detectorErrors?: number;
  sink: ReturnType<DurableLog['stats']>;
}

/**
 * The ingest pipeline without a process: messages in, readings and alert events out. main.ts wires
 * it to MQTT and timers; tests drive it directly.
 */
export function createIngest(deps: IngestDeps) {
  // Changed in place by a registry version (applyCatalog): the decoder's lookup stays one Map get.
  const sensors = new Map<string, Sensor>(deps.catalog.sensors.map((s) => [s.id, s]));
  let partition = deps.partition;
  // Sensors registry versions moved from this worker: their readings in flight are still stored here.
  const handover: Handover | null = partition
    ? createHandover({ partition, sensorIds: [...sensors.keys()], now: deps.now(), saved: deps.handoverStore?.load() ?? null, maxPastMs: deps.limits.maxPastMs })
    : null;
  if (handover) deps.handoverStore?.save(handover.saved());
  const decodeMessage = createMessageDecoder({ sensors, limits: deps.limits, maxRatePerS: deps.maxSensorRatePerS });
  const rejects = createRejectCounter();
  // Best effort past the journal: a closed sink refuses the line, and the reading's own path reports that.
  const forecasts = createForecastOutput({ forecast: (id) => deps.engine.forecast(id), write: (f) => void deps.sink.writeForecasts(f).catch(() => undefined) });
  const live = createLiveCoalescer((batch: Reading[]) => {
    const entries = batch.map((r) => JSON.stringify(forecasts.attach(deps.engine.live(r))));
    for (const message of packJsonArrays(entries)) deps.publish(TOPICS.live, message, 0);
  });
  let received = 0;
  let othersSkipped = 0;
  let handedOver = 0;
  let accepted = 0;
  let readingCount = 0;
  let alertEvents = 0;
  let liveCount = 0;
  let detectorErrors = 0;
  let lastErrorLogAt = -Infinity;

  function emitAlertEvents(events: AlertEvent[]): void {
    if (events.length === 0) return;
    alertEvents += events.length;
    void deps.sink.writeAlertEvents(events);
    for (const e of events) deps.publish(TOPICS.alertEvents, JSON.stringify(e), 1);
  }

  /**
   * Detection, forecasts and live for one stored reading. A bug there costs that reading its alerts
   * and live update, not the reading: it is counted (stats) and logged at most once a minute.
   */
  function afterStaged(reading: Reading, now: number): void {
    try {
      emitAlertEvents(deps.engine.observe(reading));
      forecasts.afterReading(reading);
      live.offer(reading);
    } catch (err) {
      detectorErrors++;
      if (now - lastErrorLogAt < ERROR_LOG_EVERY_MS) return;
      lastErrorLogAt = now;
      deps.log(`INGEST_HANDLER_FAILED after storing ${reading.sensorId} (${detectorErrors} so far; reading kept): ${(err as Error).stack ?? err}`);
    }
  }

  /**
   * Handles one broker message. Returns a promise only when the sink is full: the MQTT source then
   * withholds the acknowledgement, and the broker holds further messages (back-pressure, no drops).
   */
  function onMessage(topic: string, payload: Uint8Array): Promise<void> | undefined {
    if (partition && !partition.ownsTopic(topic)) {
      othersSkipped++;
      return storeOnly(topic, payload);
    }
    received++;
    const now = deps.now();
    const result = decodeMessage(topic, payload, now);
    if (!result.ok) {
      rejects.add(result.code);
      deps.publish(TOPICS.deadLetter, JSON.stringify(makeDeadLetter(result.code, result.detail, topic, payload, now, result.sensorId)), 1);
      if (result.code === 'out_of_range' && result.sensorId && result.field !== undefined && result.value !== undefined) {
        emitAlertEvents(deps.engine.reportOutOfRange(result.sensorId, result.field, result.value, now));
      }
      return undefined;
    }
    accepted++;
    readingCount += result.readings.length;
    // Staged before anything else runs: the message is acknowledged once this stage is journaled, so a
    // detector, forecast or live bug below must not skip it (the reading would be acknowledged and lost).
    void deps.sink.writeReadings(result.readings);
    for (const reading of result.readings) afterStaged(reading, now);
    // Only a full sink makes the broker wait; otherwise the message is acknowledged at once.
    return deps.sink.hasRoom() ? undefined : deps.sink.ready();
  }

  /**
   * A message for a sensor another worker owns: the readings of it still in its handover (stamped, or
   * handled, soon enough after it left this worker) are stored, nothing else (the new owner detects
   * and dead-letters).
   */
  function storeOnly(topic: string, payload: Uint8Array): Promise<void> | undefined {
    if (!handover?.active()) return undefined;
    const now = deps.now();
    const t = parseSensorTopic(topic);
    if (!t.ok || !handover.mayKeep(t.sensorId, now)) return undefined;
    const result = decodeMessage(topic, payload, now);
    if (!result.ok) return undefined;
    const kept = result.readings.filter((r) => handover.keeps(r.sensorId, r.ts, now));
    if (kept.length === 0) return undefined;
    handedOver++;
    void deps.sink.writeReadings(kept);
    return deps.sink.hasRoom() ? undefined : deps.sink.ready();
  }

  /**
   * Alert events from elsewhere: people's actions in the command center (the broker ACL lets only the
   * ingest and the web publish here). Only a person's action on an alert we hold open is applied: an
   * alert this ingest did not raise (a forged `raised`, a foreign id or text) is never adopted. Events
   * of sensors another worker owns are kept aside by the engine, for the day a registry version hands
   * one of them here (handover.ts): the alert goes on here instead of starting again.
   */
  function onAlertEvent(payload: Uint8Array): void {
    const event = parseAlertEvent(payload);
    if (!event) return;
    if (partition && !partition.ownsSensor(event.alert.sensorId)) {
      if (sensors.has(event.alert.sensorId)) deps.engine.applyExternal(event);
      return;
    }
    if (event.by === SYSTEM_ACTOR) return; // our own event coming back
    if (!HUMAN_EVENT_TYPES.has(event.type)) return;
    applyPersonEvent(event, true);
  }

  /** `mayHold`: an alert not known (yet) waits for the restore while one is to come (restore-hold.ts). */
  function applyPersonEvent(event: AlertEvent, mayHold: boolean): void {
    const ours = deps.engine.openAlerts().find((a) => a.id === event.alert.id);
    if (!ours) {
      if (mayHold && sensors.has(event.alert.sensorId)) deps.restoreHold?.hold(event, deps.now());
      return;
    }
    if (ours.sensorId !== event.alert.sensorId || ours.rule !== event.alert.rule) return;
    emitAlertEvents(deps.engine.applyExternal(event));
  }

  /**
   * The open alerts restored late (past main.ts's RESTORE_WAIT_MS): adopted with people's actions held for them merged
   * in first (so a fold publishes them too: an acknowledgement there counts), the folds of those raised again meanwhile
   * published (adoptAlerts), then the held actions applied as they came (a resolution closes). One a person resolved
   * during the wait is not adopted: a fold would keep it and close the newer as merged, then its resolution leave the
   * condition with no open alert (and the next reading raise and page a third). Returns the folds' events.
   */
  function adoptRestored(alerts: readonly Alert[]): AlertEvent[] {
    const held = deps.restoreHold?.land(deps.now()) ?? [];
    const open = alerts.filter((a) => !held.some((e) => e.type === 'resolved' && isHeldFor(e, a)));
    const events = adoptAlerts(deps.engine, open.map((a) => withHeld(a, held)), (id) => sensors.has(id));
    emitAlertEvents(events);
    for (const event of held) applyPersonEvent(event, false);
    return events;
  }

  /**
   * A registry version the engine has applied (catalog-live.ts): the decoder knows the new sensors
   * (readings of removed ones are dead-lettered as unknown), the partition its new groups, and the
   * alerts the engine resolved for removed sensors go out like any other.
   */
  function applyCatalog(next: { catalog: Catalog; partition?: Partition; events: AlertEvent[] }): void {
    const ids = new Set(next.catalog.sensors.map((s) => s.id));
    for (const id of sensors.keys()) {
      if (ids.has(id)) continue;
      sensors.delete(id);
      decodeMessage.forget(id);
    }
    for (const s of next.catalog.sensors) sensors.set(s.id, s);
    if (next.partition && handover && next.partition !== partition) {
      handover.apply(next.partition, [...sensors.keys()], deps.now());
      deps.handoverStore?.save(handover.saved());
    }
    partition = next.partition ?? partition;
    emitAlertEvents(next.events);
  }

  return {
    onMessage,
    onAlertEvent,
    applyCatalog,
    adoptRestored,
    /** Stores and publishes events the engine made outside a reading or tick (a restore's folds). */
    emitAlertEvents,
    /** Periodic: time-based rules (silence, auto-resolve, escalation). */
    tick(): void {
      emitAlertEvents(deps.engine.tick(deps.now()));
    },
    /** Periodic: publish the coalesced live batch. */
    flushLive(): void {
      liveCount += live.drain();
    },
    stats(): IngestStats {
      return {
        received,
        othersSkipped,
        handedOver,
        accepted,
        readings: readingCount,
        rejected: rejects.total(),
        rejectedByCode: rejects.byCode(),
        alertEvents,
        live: liveCount,
        detectorErrors,
        sink: deps.sink.stats()
      };
    }
  };
}

export type Ingest = ReturnType<typeof createIngest>;

/**
 * Open alerts read back from InfluxDB, adopted by the engine: the events of those that met another open alert of their
 * sensor and rule (folded into the first raised: detect/alert-fold.ts), to publish; usually none. Only those of sensors
 * in the catalog (`inCatalog`, every worker's): the engine keeps other workers' aside for a handover, and one of a sensor
 * the registry removed would only take room there (bounded: detect/sibling-alerts.ts).
 */
export function adoptAlerts(engine: DetectionEngine, alerts: readonly Alert[], inCatalog: (sensorId: string) => boolean): AlertEvent[] {
  return alerts.filter((a) => inCatalog(a.sensorId)).flatMap((alert) => engine.applyExternal({ type: 'raised', at: alert.updatedAt, by: SYSTEM_ACTOR, alert }));
}

/** A restored alert with people's held actions on it merged in, as the engine merges each (the version guard included). */
function withHeld(alert: Alert, held: readonly AlertEvent[]): Alert {
  return held.filter((e) => e.type !== 'resolved' && isHeldFor(e, alert)).reduce((a, e) => mergeHumanFields(a, e.alert), alert);
}

const isHeldFor = (e: AlertEvent, alert: Alert) => e.alert.id === alert.id && e.alert.sensorId === alert.sensorId && e.alert.rule === alert.rule;
