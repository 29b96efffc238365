import { getContext, setContext } from 'svelte';
import type { Alert, AlertEvent } from '../core/alert';
import type { ActionResult, AlertAction, SequencedAlertEvent, Snapshot, SystemStatus } from '../core/events';
import type { LiveReading } from '../core/reading';
import type { DeliveryRecord } from '../core/people';
import { measureClockOffset, NO_CLOCK_OFFSET, type ClockOffsetWindow } from './clock-offset';
import { applyAlertEvents, mergeReadings, pruneAlerts } from './merge';
import { foldHeard, newestHeard, type HeardBySensor } from './newest';
import { createSocket, type PantauSocket } from './socket';
import { snapshotNews } from './snapshot-news';

/** `refused`: the server turned the handshake down (login required, wrong origin); see `refusal`. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'refused';

/** Reading batches waiting for the next frame; past this the oldest are merged early rather than kept. */
const MAX_PENDING_BATCHES = 200;
/** After a refused handshake the client does not retry by itself; try again this often (a login elsewhere may fix it). */
const REFUSED_RETRY_MS = 15_000;
/** After the server closed the connection itself (shutdown), reconnect after this long. */
const SERVER_DISCONNECT_RETRY_MS = 1_000;
const ACTION_TIMEOUT_MS = 10_000;
const SINCE_TIMEOUT_MS = 10_000;

type AlertListener = (event: AlertEvent) => void;

/**
 * Live state of the command center in the browser: latest reading per sensor, alerts by id,
 * connection and server status. Readings arrive in bursts and are merged once per animation frame,
 * so thousands of sensors cost one re-render per frame, not one per message.
 */
export class LiveState {
  readings = $state.raw<ReadonlyMap<string, LiveReading>>(new Map());
  alerts = $state.raw<ReadonlyMap<string, Alert>>(new Map());
  connection = $state<ConnectionState>('connecting');
  status = $state.raw<SystemStatus | null>(null);
  /**
   * Server clock minus browser clock (ms), from the snapshot and every status (5 s): ages are computed on server
   * time. The largest of the last few measurements (clock-offset.ts), so a status handled late by a busy page does
   * not move it; a browser clock stepped back is caught up at the next status, one stepped forward within ~30 s.
   */
  clockOffsetMs = $state(0);
  /** Newest reading time seen, epoch ms (0 = none), capped at when it arrived (see newest.ts). */
  newestReadingAt = $state(0);
  /**
   * The same per sensor (bounded as `readings`): the wall's per-kind panels say whether that kind is live from the
   * catalog's sensors only, not from ids outside the catalog that the server forwards too.
   */
  heardBySensor = $state.raw<HeardBySensor>(new Map());
  /** Why the server refused the connection, when `connection` is `refused`. */
  refusal = $state('');
  /**
   * Server time until which `alerts` is known to match the server (0 = no snapshot yet): the
   * snapshot's time, then the last moment anything was heard from the server before the connection
   * dropped (not when the drop was noticed: a phone asleep in a pocket notices it on waking, hours
   * later). Tells a page how old its list is.
   */
  syncedAt = $state(0);

  #socket: PantauSocket | null = null;
  #pending: LiveReading[][] = [];
  #frame = 0;
  #lastSeq = -1;
  #hadSnapshot = false;
  /** Server time of the last event or ping heard on the socket. */
  #heardAt = 0;
  #clock: ClockOffsetWindow = NO_CLOCK_OFFSET;
  #listeners = new Set<AlertListener>();
  #deliveryListeners = new Set<(record: DeliveryRecord) => void>();
  #url: string | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;

  /** `url` is for tests; the page connects to its own origin. */
  constructor(url?: string) {
    this.#url = url;
  }

  connect(): void {
    if (this.#socket) return;
    const socket = createSocket(this.#url);
    this.#socket = socket;
    socket.on('connect', () => {
      this.connection = 'connected';
      this.refusal = '';
      // The server sends a fresh snapshot on connect; asking for what we missed covers the gap
      // when it does not, and events already applied are skipped by seq.
      if (this.#lastSeq >= 0) this.#catchUp(socket);
    });
    socket.on('disconnect', (reason) => {
      if (this.#hadSnapshot) this.syncedAt = Math.max(this.syncedAt, this.#heardAt);
      this.connection = 'disconnected';
      // A server shutting down (a restart, a new release) disconnects its sockets itself, and
      // socket.io does not retry those: the wall must come back by itself, so try again.
      if (reason === 'io server disconnect') {
        clearTimeout(this.#retry);
        this.#retry = setTimeout(() => this.#socket?.connect(), SERVER_DISCONNECT_RETRY_MS);
      }
    });
    socket.io.on('reconnect_attempt', () => (this.connection = 'connecting'));
    socket.on('connect_error', (err) => {
      // `active` false: refused by the server's middleware, which socket.io does not retry.
      if (socket.active) {
        this.connection = 'disconnected';
        return;
      }
      this.connection = 'refused';
      this.refusal = err.message;
      this.#retry = setTimeout(() => this.#socket?.connect(), REFUSED_RETRY_MS);
    });
    socket.onAny(() => (this.#heardAt = this.serverNow()));
    socket.io.on('ping', () => (this.#heardAt = this.serverNow()));
    socket.on('snapshot', (s) => this.#applySnapshot(s));
    socket.on('readings', (batch) => this.#queueReadings(batch));
    socket.on('alert', (e) => this.#applyAlertEvents([e]));
    socket.on('status', (s) => this.#applyStatus(s));
    socket.on('delivery', (r) => {
      for (const fn of this.#deliveryListeners) fn(r);
    });
    socket.connect();
  }

  disconnect(): void {
    clearTimeout(this.#retry);
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /**
   * Sends a person's action on an alert; resolves with the server's reply, or an error value whose
   * `error` is a code (`not-connected`, `no-answer`, or the server's), worded by i18n/error-text.
   */
  async act(action: AlertAction): Promise<ActionResult> {
    const socket = this.#socket;
    if (!socket?.connected) return { ok: false, error: 'not-connected' };
    try {
      return await socket.timeout(ACTION_TIMEOUT_MS).emitWithAck('alert:action', action);
    } catch {
      return { ok: false, error: 'no-answer' };
    }
  }

  /** Calls `fn` for every new alert event (after the initial snapshot). Returns the unsubscribe function. */
  onAlertEvent(fn: AlertListener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Calls `fn` for every delivery record the server sends (signed-in people only). Returns the unsubscribe function. */
  onDelivery(fn: (record: DeliveryRecord) => void): () => void {
    this.#deliveryListeners.add(fn);
    return () => this.#deliveryListeners.delete(fn);
  }

  /** Current time on the server's clock, for staleness and ages. */
  serverNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  #applySnapshot(s: Snapshot): void {
    const before = this.alerts;
    const first = !this.#hadSnapshot;
    this.#hadSnapshot = true;
    this.#measureClock(s.serverTime);
    this.#pending = [];
    this.readings = mergeReadings(new Map(), [s.readings]);
    this.alerts = pruneAlerts(new Map(s.alerts.map((a) => [a.id, a])), s.serverTime);
    this.#lastSeq = s.lastEventSeq;
    this.heardBySensor = foldHeard(new Map(), s.readings, s.serverTime);
    this.newestReadingAt = newestHeard(s.readings, s.serverTime);
    this.syncedAt = s.serverTime;
    // A snapshot after a reconnect moves lastSeq past the events of the outage, so the catch-up
    // skips them: tell the listeners (alarm, notification, fly-to) what is new or worse instead.
    if (first) return;
    for (const e of snapshotNews(before, this.alerts.values())) for (const fn of this.#listeners) fn(e);
  }

  #applyStatus(s: SystemStatus): void {
    if (s.serverTime !== undefined) this.#measureClock(s.serverTime);
    this.status = s;
  }

  #measureClock(serverTime: number): void {
    this.#clock = measureClockOffset(this.#clock, serverTime - Date.now());
    this.clockOffsetMs = this.#clock.offsetMs;
  }

  #catchUp(socket: PantauSocket): void {
    socket
      .timeout(SINCE_TIMEOUT_MS)
      .emitWithAck('alerts:since', this.#lastSeq)
      .then((events) => this.#applyAlertEvents(events))
      .catch(() => {
        // No answer: the next snapshot or the live events bring the state back.
      });
  }

  #applyAlertEvents(events: readonly SequencedAlertEvent[]): void {
    const fresh = events.filter((e) => e.seq > this.#lastSeq).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return;
    this.#lastSeq = fresh[fresh.length - 1].seq;
    this.alerts = applyAlertEvents(this.alerts, fresh, this.serverNow());
    for (const e of fresh) for (const fn of this.#listeners) fn(e);
  }

  #queueReadings(batch: LiveReading[]): void {
    if (this.#pending.length >= MAX_PENDING_BATCHES) this.#flush();
    this.#pending.push(batch);
    // Hidden tabs get no animation frames: merge right away there so memory stays bounded.
    if (typeof requestAnimationFrame === 'undefined' || (typeof document !== 'undefined' && document.hidden)) {
      return this.#flush();
    }
    if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#flush());
  }

  #flush(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    if (this.#pending.length === 0) return;
    const batches = this.#pending;
    this.#pending = [];
    this.readings = mergeReadings(this.readings, batches);
    // One fold over all queued batches: foldHeard copies the map once per call, and a hidden tab queues up to 200.
    const all = batches.length === 1 ? batches[0] : batches.flat();
    const arrivedAt = this.serverNow();
    this.heardBySensor = foldHeard(this.heardBySensor, all, arrivedAt);
    this.newestReadingAt = Math.max(this.newestReadingAt, newestHeard(all, arrivedAt));
  }
}

const KEY = Symbol('pantau.live');

/** Creates the page's live state (once, in the root layout) and shares it through context. */
export function provideLive(): LiveState {
  return setContext(KEY, new LiveState());
}

export function useLive(): LiveState {
  const live = getContext<LiveState | undefined>(KEY);
  if (!live) throw new Error('useLive() outside the root layout');
  return live;
}
