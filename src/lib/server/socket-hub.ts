import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot, SystemStatus, SequencedAlertEvent, ActionResult, AlertAction } from '../core/events';
import type { LiveReading } from '../core/reading';
import type { Identify, Identity } from './identity';
import { may } from './auth/roles';
import type { AuditSink } from './auth/audit';

/** A client with more than this many packets waiting skips reading batches until it catches up. */
export const MAX_PENDING_PACKETS = 16;
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

export interface SocketHub {
  attach(httpServer: HttpServer): void;
  /**
   * Sends a batch to every client that is keeping up; returns how many clients were skipped.
   * A client that skipped batches gets `latest()` (every sensor) once it has drained, so nothing stays stale.
   */
  broadcastReadings(batch: LiveReading[], latest: () => LiveReading[]): number;
  /** True while some client still owes a catch-up (call broadcastReadings even with an empty batch). */
  hasSkipped(): boolean;
  broadcastAlert(event: SequencedAlertEvent): void;
  broadcastStatus(status: SystemStatus): void;
  clientCount(): number;
  close(): Promise<void>;
}

function pendingPackets(socket: PantauSocket): number {
  // engine.io keeps packets here while the transport is busy writing; it is the send queue.
  const conn = socket.conn as unknown as { writeBuffer?: unknown[] };
  return conn.writeBuffer?.length ?? 0;
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
  // Sockets that missed at least one batch; bounded by the connected sockets (removed on disconnect).
  const skipped = new Set<string>();
  io.on('connection', (socket) => socket.on('disconnect', () => skipped.delete(socket.id)));
  return {
    attach(httpServer) {
      if (attached) return; // dev servers restart plugins; one attachment per hub
      attached = true;
      io.attach(httpServer);
    },
    broadcastReadings(batch, latest) {
      const behind: string[] = [];
      const recovered: PantauSocket[] = [];
      for (const [id, socket] of io.of('/').sockets) {
        if (pendingPackets(socket) > MAX_PENDING_PACKETS) behind.push(id);
        else if (skipped.has(id)) recovered.push(socket);
      }
      for (const socket of recovered) {
        skipped.delete(socket.id);
        socket.emit('readings', latest());
      }
      for (const id of behind) skipped.add(id);
      // Each socket sits in a room named by its id, so except() skips the others; the packet is encoded once.
      const exclude = [...behind, ...recovered.map((s) => s.id)];
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
