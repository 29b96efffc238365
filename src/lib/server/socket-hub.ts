import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot, SystemStatus, SequencedAlertEvent, ActionResult, AlertAction } from '../core/events';
import type { LiveReading } from '../core/reading';
import type { DeliveryRecord } from '../core/people';
import { isUserRole } from './auth/roles';
import type { Identify, Identity } from './identity';
import * as v from 'valibot';
import { performAction } from './alert-actions';
import { SinceSeqSchema } from '../schemas/wire';
import { newestWithin } from './since-page';
import type { AuditSink } from './auth/audit';
import { createBucket, type Bucket } from './rate-budget';
import { addressKey } from './auth/rate-limit';
import { onSessionRevoked } from './auth/revocations';
import { createJoinBudget, createPendingSessions, DEFAULT_CONNECTS_PER_MIN, DEFAULT_MAX_PENDING_PER_ADDRESS, JOIN_TIMEOUT_MS, REFUSED_CONNECT_RATE, REFUSED_PENDING } from './socket-admission';

/**
 * A client with more than this many bytes waiting (beyond what the kernel buffers) skips reading batches
 * until it drains: ≈ 0.6 s of readings at 10k readings/s, so a client that stalls briefly (a GC pause,
 * a busy machine) drains its queue instead of losing batches, while a slow one gets the newest values
 * instead of an ever-growing backlog of superseded ones. Counted in bytes, not packets: batches come up
 * to 25 times a second, and their size goes with the city's size.
 */
export const MAX_PENDING_BYTES = 1024 * 1024;
/** Client messages are small actions; anything bigger is refused by the transport. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
/**
 * `alerts:since` answers with at most this many events, the newest (each carries its whole alert, so
 * they are what a reconnecting client needs), and at most about 1 MiB of them (since-page.ts). A browser asks once per reconnect: the budget allows a
 * few asks at once and then one per 10 s per socket, 100 at once and then 20 per second for all
 * sockets together, and none while the socket's send queue holds more than 256 KiB. Refused asks get
 * `[]`, which costs a browser nothing: every connect brings a fresh snapshot anyway.
 */
export const MAX_SINCE_EVENTS = 200;
const SINCE_BURST = 3;
const SINCE_PER_S = 0.1;
const SINCE_GLOBAL_BURST = 100;
const SINCE_GLOBAL_PER_S = 20;
const SINCE_MAX_PENDING_BYTES = 256 * 1024;
/** Alert actions per socket: a burst of 20, then 2 per second (people click; scripts do not need more). */
const ACTION_BURST = 20;
const ACTION_PER_S = 2;
export const REFUSED_FULL = 'too many clients';
/** Signed-in people's sockets (not anonymous viewers, not kiosks): who hears `delivery`. */
const PEOPLE_ROOM = 'people';

export interface SocketLimits {
  /** Anonymous sockets in all. */
  maxAnonymous: number;
  /** Anonymous sockets from one client address. */
  maxAnonymousPerAddress: number;
  /** Signed-in people and kiosks: their own capacity, which anonymous viewers cannot use up. */
  maxStaff: number;
  /**
   * Sockets of one signed-in user (or the kiosk token, every wall sharing it): without it one low-role login or a
   * leaked kiosk link could open maxStaff sockets and lock the operators out of the live console. Default 64.
   */
  maxStaffPerUser?: number;
  /** Anonymous joins per address per minute after a burst of maxAnonymousPerAddress (socket-admission.ts). Default 60. */
  connectsPerMinute?: number;
  /** engine.io sessions one address may hold before joining (socket-admission.ts). Default 32. */
  maxPendingPerAddress?: number;
}

export const DEFAULT_MAX_STAFF_PER_USER = 64;
/** The kiosk token is one identity for every wall screen of the city: more room than a person's tabs. */
export const DEFAULT_MAX_KIOSK_SOCKETS = 256;

export interface SocketHubDeps {
  identify: Identify;
  limits: SocketLimits;
  /** The client's address for the per-address limit (the trusted proxy header, else the peer). */
  addressOf(handshake: { headers: Record<string, string | string[] | undefined>; address: string }): string;
  snapshot(): Snapshot;
  /** Sent right after the snapshot, so a page opened while paging is down shows it at once, not at the next status tick. */
  status?(): SystemStatus;
  since(seq: number): SequencedAlertEvent[];
  act(action: AlertAction, user: string): Promise<ActionResult>;
  /** Records every alert action and refusal (who, what, allowed or not). */
  audit?: AuditSink;
  /** Socket.IO adapter (Redis, several instances); the default keeps everything in this process. */
  adapter?: ServerOptions['adapter'];
}

export interface SocketData extends Identity {
  /** The client's budget key (auth/rate-limit.ts addressKey): an IPv6 host's whole /64 counts as one address. */
  address: string;
}

export type PantauSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Where a client that skipped batches gets what it lacks (live-state.ts). */
export interface ReadingVersions {
  /** Version of the newest reading held; the batch being broadcast is included. */
  version(): number;
  changedSince(version: number): LiveReading[];
}

export interface SocketHub {
  attach(httpServer: HttpServer): void;
  /**
   * Sends a batch to every client that is keeping up; returns how many clients were skipped. A client
   * that skipped batches gets, once it has drained, one batch with the newest reading of every sensor
   * changed since its last delivery: superseded readings are dropped, never queued, and nothing stays stale.
   * Alerts and status are never skipped.
   */
  broadcastReadings(batch: LiveReading[], versions: ReadingVersions): number;
  /** True while some client still owes a catch-up (call broadcastReadings even with an empty batch). */
  hasSkipped(): boolean;
  broadcastAlert(event: SequencedAlertEvent): void;
  broadcastStatus(status: SystemStatus): void;
  /** To signed-in people only: deliveries name people, which the wall and anonymous viewers do not show. */
  broadcastDelivery(record: DeliveryRecord): void;
  /**
   * Checks every signed-in or kiosk socket's credentials again and disconnects those that no longer
   * prove who it joined as (logged out, expired, the password changed): the client reconnects and is
   * identified afresh (anonymous, or refused when anonymous reading is off). Returns how many ended.
   */
  revalidate(): number;
  clientCount(): number;
  close(): Promise<void>;
}

function pendingBytes(socket: PantauSocket): number {
  // engine.io keeps packets here while the transport is busy writing; it is the send queue. Its packets
  // hold the encoded text (binary attachments are not used here), so the length is close to the bytes.
  const conn = socket.conn as unknown as { writeBuffer?: Array<{ data?: string | ArrayBufferView }> };
  let bytes = 0;
  for (const p of conn.writeBuffer ?? []) bytes += typeof p.data === 'string' ? p.data.length : (p.data?.byteLength ?? 0);
  return bytes;
}


/** Whether one more socket of this identity and address fits in its class's capacity. */
function hasRoom(sockets: Iterable<PantauSocket>, data: SocketData, limits: SocketLimits): boolean {
  const anonymous = data.role === 'anonymous';
  let same = 0;
  let fromAddress = 0;
  let ofUser = 0;
  for (const s of sockets) {
    if ((s.data.role === 'anonymous') !== anonymous) continue;
    same++;
    if (anonymous && s.data.address === data.address) fromAddress++;
    if (!anonymous && s.data.user === data.user) ofUser++;
  }
  const perUser = data.role === 'kiosk' ? DEFAULT_MAX_KIOSK_SOCKETS : (limits.maxStaffPerUser ?? DEFAULT_MAX_STAFF_PER_USER);
  if (!anonymous) return same < limits.maxStaff && ofUser < perUser;
  return same < limits.maxAnonymous && fromAddress < limits.maxAnonymousPerAddress;
}

export function createSocketHub(deps: SocketHubDeps): SocketHub {
  const pending = createPendingSessions(deps.limits.maxPendingPerAddress ?? DEFAULT_MAX_PENDING_PER_ADDRESS);
  const joins = createJoinBudget(deps.limits.maxAnonymousPerAddress, deps.limits.connectsPerMinute ?? DEFAULT_CONNECTS_PER_MIN);
  const requestAddress = (req: IncomingMessage) => addressKey(deps.addressOf({ headers: req.headers, address: req.socket.remoteAddress ?? '' }));
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>({
    serveClient: false,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    connectTimeout: JOIN_TIMEOUT_MS,
    allowRequest: (req, answer) => (pending.allows(requestAddress(req)) ? answer(null, true) : answer(REFUSED_PENDING, false))
  });

  io.use((socket, next) => {
    const identity = deps.identify(socket.handshake);
    if ('refused' in identity) return next(new Error(identity.refused));
    const data: SocketData = { user: identity.user, role: identity.role, address: addressKey(deps.addressOf(socket.handshake)) };
    if (!hasRoom(io.of('/').sockets.values(), data, deps.limits)) return next(new Error(REFUSED_FULL));
    // Only joins let in spend the budget: a refused screen's retries never lengthen its wait.
    if (data.role === 'anonymous' && !joins.take(data.address, Date.now())) return next(new Error(REFUSED_CONNECT_RATE));
    socket.data = data;
    next();
  });

  const sinceGlobal: Bucket = createBucket(SINCE_GLOBAL_BURST, SINCE_GLOBAL_PER_S);
  io.on('connection', (socket: PantauSocket) => {
    socket.emit('snapshot', deps.snapshot());
    if (deps.status) socket.emit('status', deps.status());
    if (isUserRole(socket.data.role)) void socket.join(PEOPLE_ROOM);
    const sinceBudget: Bucket = createBucket(SINCE_BURST, SINCE_PER_S);
    const actionBudget: Bucket = createBucket(ACTION_BURST, ACTION_PER_S);
    socket.on('alerts:since', (seq, reply) => {
      if (typeof reply !== 'function') return;
      // A client that has not taken in what it was sent, or asks again and again, gets nothing more.
      const now = Date.now();
      if (pendingBytes(socket) > SINCE_MAX_PENDING_BYTES || !sinceBudget.take(now) || !sinceGlobal.take(now)) return reply([]);
      reply(newestWithin(deps.since(v.parse(SinceSeqSchema, seq)), MAX_SINCE_EVENTS));
    });
    socket.on('alert:action', (action, reply) => {
      if (typeof reply !== 'function') return;
      if (!actionBudget.take(Date.now())) return reply({ ok: false, error: 'too many requests' });
      // Who acts is checked again per action: a session that logged out or expired since the handshake is over.
      const now = deps.identify(socket.handshake);
      const identity = 'refused' in now ? { user: 'anonymous', role: 'anonymous' as const } : now;
      void performAction(identity, action, deps.act, deps.audit).then(reply);
    });
  });

  function revalidate(): number {
    let ended = 0;
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.role === 'anonymous') continue; // nothing to lose: anonymous reading is fixed config
      const now = deps.identify(socket.handshake);
      if ('refused' in now || now.user !== socket.data.user || now.role !== socket.data.role) {
        socket.disconnect(true);
        ended++;
      }
    }
    return ended;
  }
  // A logout in this process ends its sockets before the logout answers; logouts synced from other command
  // centers and expiries are found by the periodic revalidate() (realtime.ts, every SYNC_MS).
  const stopListening = onSessionRevoked(() => void revalidate());

  let attached = false;
  // Sockets that missed at least one batch → the version they had everything up to; bounded by the
  // connected sockets (removed on disconnect).
  const skipped = new Map<string, number>();
  // Version included in the last broadcast: a socket skipped from now on has everything up to it.
  let broadcastVersion = 0;
  io.on('connection', (socket) => {
    pending.settled(socket.conn);
    socket.on('disconnect', () => skipped.delete(socket.id));
  });
  return {
    attach(httpServer) {
      if (attached) return; // dev servers restart plugins; one attachment per hub
      attached = true;
      io.attach(httpServer);
      io.engine.on('connection', (conn: { request: IncomingMessage; once(event: 'close', fn: () => void): void }) => {
        pending.opened(conn, requestAddress(conn.request));
        conn.once('close', () => pending.settled(conn));
      });
    },
    broadcastReadings(batch, versions) {
      const behind: string[] = [];
      const recovered: string[] = [];
      let since = Infinity;
      for (const [id, socket] of io.of('/').sockets) {
        const had = skipped.get(id);
        if (pendingBytes(socket) > MAX_PENDING_BYTES) {
          behind.push(id);
          if (had === undefined) skipped.set(id, broadcastVersion);
        } else if (had !== undefined) {
          recovered.push(id);
          skipped.delete(id);
          since = Math.min(since, had);
        }
      }
      // One catch-up for every client drained now, from the oldest version among them, encoded once: a
      // catch-up per client made the server encode thousands of readings per slow client per flush, and
      // fall behind for everyone. A client that skipped less gets a few readings twice; harmless.
      const catchUp = recovered.length ? versions.changedSince(since) : [];
      if (catchUp.length) io.local.to(recovered).emit('readings', catchUp);
      broadcastVersion = versions.version();
      // Each socket sits in a room named by its id, so except() skips the others; the packet is encoded once.
      const exclude = [...behind, ...recovered];
      // Local only: with several instances each one hears MQTT itself and serves its own sockets, so a
      // broadcast through the adapter would reach every client once per instance.
      if (batch.length) (exclude.length ? io.local.except(exclude) : io.local).emit('readings', batch);
      return batch.length ? behind.length : 0;
    },
    hasSkipped: () => skipped.size > 0,
    broadcastAlert: (event) => void io.local.emit('alert', event),
    broadcastStatus: (status) => void io.local.emit('status', status),
    broadcastDelivery: (record) => void io.local.to(PEOPLE_ROOM).emit('delivery', record),
    revalidate,
    clientCount: () => io.of('/').sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        stopListening();
        io.disconnectSockets(true);
        // io.close() also closes the http server it is attached to; the owner of that server closes it.
        io.engine?.close();
        resolve();
      })
  };
}
