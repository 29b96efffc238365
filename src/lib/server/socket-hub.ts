import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot, SystemStatus, SequencedAlertEvent, ActionResult, AlertAction } from '../core/events';
import type { LiveReading } from '../core/reading';
import type { Identify, Identity } from './identity';
import { may } from './auth/roles';
import type { AuditSink } from './auth/audit';

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

export interface SocketHubDeps {
  identify: Identify;
  maxClients: number;
  snapshot(): Snapshot;
  since(seq: number): SequencedAlertEvent[];
  act(action: AlertAction, user: string): Promise<ActionResult>;
  /** Records every alert action and refusal (who, what, allowed or not). */
  audit?: AuditSink;
  /** Socket.IO adapter (Redis, several instances); the default keeps everything in this process. */
  adapter?: ServerOptions['adapter'];
}

export type PantauSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, Identity>;

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

const ALERT_ACTIONS: ReadonlySet<string> = new Set(['acknowledge', 'assign', 'comment', 'resolve', 'step']);

function isAction(x: unknown): x is AlertAction {
  const a = x as AlertAction;
  return !!a && typeof a === 'object' && typeof a.alertId === 'string' && a.alertId.length <= 200 && typeof a.action === 'string';
}

export function createSocketHub(deps: SocketHubDeps): SocketHub {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, Identity>({
    serveClient: false,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES
  });

  io.use((socket, next) => {
    if (io.of('/').sockets.size >= deps.maxClients) return next(new Error('too many clients'));
    const identity = deps.identify(socket.handshake);
    if ('refused' in identity) return next(new Error(identity.refused));
    socket.data.user = identity.user;
    socket.data.role = identity.role;
    next();
  });

  io.on('connection', (socket: PantauSocket) => {
    socket.emit('snapshot', deps.snapshot());
    socket.on('alerts:since', (seq, reply) => {
      if (typeof reply !== 'function') return;
      reply(deps.since(Number.isFinite(seq) ? Math.trunc(seq) : 0));
    });
    socket.on('alert:action', (action, reply) => {
      if (typeof reply !== 'function') return;
      if (!isAction(action)) return reply({ ok: false, error: 'bad action' });
      const { user, role } = socket.data;
      const audit = (ok: boolean, detail: string) =>
        deps.audit?.({ at: Date.now(), user, role, action: `alert:${action.action}`.slice(0, 40), target: action.alertId, ok, detail });
      // Checked per action, not per connection: an operator may comment but not resolve.
      if (!ALERT_ACTIONS.has(action.action) || !may(role, action.action as AlertAction['action'])) {
        audit(false, 'forbidden');
        return reply({ ok: false, error: 'forbidden' });
      }
      deps.act(action, user).then(
        (result) => {
          audit(result.ok, result.ok ? '' : result.error);
          reply(result);
        },
        (err: Error) => {
          audit(false, err.message);
          reply({ ok: false, error: err.message });
        }
      );
    });
  });

  let attached = false;
  // Sockets that missed at least one batch → the version they had everything up to; bounded by the
  // connected sockets (removed on disconnect).
  const skipped = new Map<string, number>();
  // Version included in the last broadcast: a socket skipped from now on has everything up to it.
  let broadcastVersion = 0;
  io.on('connection', (socket) => socket.on('disconnect', () => skipped.delete(socket.id)));
  return {
    attach(httpServer) {
      if (attached) return; // dev servers restart plugins; one attachment per hub
      attached = true;
      io.attach(httpServer);
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
    clientCount: () => io.of('/').sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        io.disconnectSockets(true);
        // io.close() also closes the http server it is attached to; the owner of that server closes it.
        io.engine?.close();
        resolve();
      })
  };
}
