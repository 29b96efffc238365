/** Socket.IO clients of the command center as the auth and security tests drive them. */
import { io, type Socket } from 'socket.io-client';
import type { Alert } from '../../src/lib/core/alert';
import type { ActionResult, AlertAction, ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents, Snapshot } from '../../src/lib/core/events';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveConnection {
  client: LiveClient;
  /** Set when the server let the client in. */
  snapshot?: Snapshot;
  /** The connect_error message when it did not. */
  refused?: string;
  /** Alert events received since connecting. */
  alerts: SequencedAlertEvent[];
}

export interface ConnectLiveOptions {
  extraHeaders?: Record<string, string>;
  /** The handshake's auth payload (e.g. `{ kiosk: token }`). */
  auth?: Record<string, string>;
}

/**
 * A websocket client without reconnection: a refusal must show as a refusal, not as a retry.
 * It goes into `open` before anything can fail, so the test's afterAll closes it whatever happens.
 */
export function connectLive(base: string, open: LiveClient[], opts: ConnectLiveOptions = {}): Promise<LiveConnection> {
  const client: LiveClient = io(base, { transports: ['websocket'], reconnection: false, extraHeaders: opts.extraHeaders, auth: opts.auth });
  open.push(client);
  const alerts: SequencedAlertEvent[] = [];
  client.on('alert', (e) => alerts.push(e));
  return new Promise((resolve) => {
    client.once('snapshot', (snapshot) => resolve({ client, snapshot, alerts }));
    client.once('connect_error', (err) => resolve({ client, refused: err.message, alerts }));
  });
}

/** An alert action with the server's answer (10 s: a hub that never answers fails the test, not hangs it). */
export function act(client: LiveClient, action: AlertAction): Promise<ActionResult> {
  return client.timeout(10_000).emitWithAck('alert:action', action);
}

/** A raised Siaga 1 flood alert at Benanga, as the ingest would publish it. */
export function benangaAlert(id: string, at: number): Alert {
  return {
    id, sensorId: 'flood-benanga', sensorName: 'Benanga', kind: 'flood', district: 'Sungai Pinang', rule: 'flood_level',
    category: 'emergency', severity: 'critical', level: 1, title: { id: 'Siaga 1', en: 'Level 1' },
    explanation: { id: 'naik', en: 'rising' }, action: { id: 'cek', en: 'check' }, value: 260, state: 'raised',
    raisedAt: at, updatedAt: at, comments: []
  };
}
