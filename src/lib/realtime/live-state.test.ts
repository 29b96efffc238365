import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../core/alert';
import type { ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents } from '../core/events';
import type { LiveReading } from '../core/reading';
import { LiveState } from './live.svelte';
import { stateAtSeverity } from '../core/state-fixtures';

// A real Socket.IO server and the real client: the reconnect catch-up is what this checks.
type ServerSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

// In the past: a reading later than its arrival counts only as heard then (newest.ts).
const T0 = 1_700_000_000_000;
function reading(sensorId: string, ts: number, severity = 0): LiveReading {
  return { sensorId, kind: 'flood', district: 'd', ts, severity, state: stateAtSeverity('flood', severity), values: { water_level: 100 } };
}
function alertEvent(seq: number, id: string, state: Alert['state'] = 'raised'): SequencedAlertEvent {
  const alert = {
    id, sensorId: 's1', sensorName: 'S1', kind: 'flood', district: 'd', rule: 'flood_level', category: 'emergency',
    severity: 'critical', level: 3, title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' }, action: { id: 'a', en: 'a' },
    value: 1, state, raisedAt: T0, updatedAt: T0 + seq, comments: []
  } satisfies Alert;
  return { seq, type: state === 'raised' ? 'raised' : 'acknowledged', at: T0 + seq, by: 'x', alert };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LiveState over Socket.IO', () => {
  let http: HttpServer;
  let io: Server<ClientToServerEvents, ServerToClientEvents>;
  let live: LiveState;
  const connections: ServerSocket[] = [];
  const sinceAsked: number[] = [];
  /** What the server replies to `alerts:since`. */
  let missed: SequencedAlertEvent[] = [];

  beforeEach(async () => {
    http = createServer();
    io = new Server(http);
    io.on('connection', (socket) => {
      connections.push(socket);
      // Only the first connection gets a snapshot: a reconnect must catch up through alerts:since.
      if (connections.length === 1) {
        socket.emit('snapshot', { serverTime: Date.now(), readings: [reading('s1', T0)], alerts: [alertEvent(5, 'a1').alert], lastEventSeq: 5 });
      }
      socket.on('alerts:since', (seq, reply) => {
        sinceAsked.push(seq);
        reply(missed);
      });
      socket.on('alert:action', (action, reply) => {
        reply(action.alertId === 'a1' ? { ok: true, event: alertEvent(9, 'a1', 'acknowledged') } : { ok: false, error: 'unknown alert' });
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    live = new LiveState(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    live.connect();
    await until(() => live.connection === 'connected' && live.alerts.has('a1'), 'the snapshot');
  });

  afterEach(async () => {
    live.disconnect();
    io.close();
    connections.length = 0;
    sinceAsked.length = 0;
    missed = [];
  });

  it('applies the snapshot, reading batches and alert events', async () => {
    expect(live.readings.get('s1')?.ts).toBe(T0);
    const seen: string[] = [];
    live.onAlertEvent((e) => seen.push(`${e.type}:${e.alert.id}`));
    connections[0].emit('readings', [reading('s1', T0 + 1000, 2), reading('s2', T0 + 1000)]);
    connections[0].emit('alert', alertEvent(6, 'a2'));
    await until(() => live.readings.size === 2 && live.alerts.has('a2'), 'the live updates');
    expect(live.readings.get('s1')?.severity).toBe(2);
    expect(live.newestReadingAt).toBe(T0 + 1000);
    expect(seen).toEqual(['raised:a2']);
  });

  it('takes the server clock from every status: a browser clock stepped back 1 h is caught up without a reconnect', async () => {
    const serverClock = Date.now;
    const stepped = vi.spyOn(Date, 'now').mockImplementation(() => serverClock() - 3_600_000);
    try {
      connections[0].emit('status', { mqtt: true, influx: true, lastReadingAt: T0, serverTime: serverClock() });
      await until(() => live.status !== null, 'the status');
      expect(Math.abs(live.serverNow() - serverClock())).toBeLessThan(1_000);
    } finally {
      stepped.mockRestore();
    }
  });

  it('keeps the clock offset while a busy page handles every other status 1.5 s late', async () => {
    const before = live.clockOffsetMs;
    for (let i = 0; i < 6; i++) {
      const handledLate = i % 2 === 1;
      connections[0].emit('status', { mqtt: true, influx: true, lastReadingAt: T0 + i, serverTime: Date.now() - (handledLate ? 1_500 : 0) });
      await until(() => live.status?.lastReadingAt === T0 + i, `status ${i}`);
      expect(Math.abs(live.clockOffsetMs - before)).toBeLessThan(100);
    }
  });

  it('counts a reading from a fast device clock as heard when it arrived, not at its future time', async () => {
    const future = Date.now() + 270_000; // 4.5 min ahead: within what the server accepts
    connections[0].emit('readings', [reading('s2', future)]);
    await until(() => live.readings.has('s2'), 'the batch');
    expect(live.newestReadingAt).toBeLessThanOrEqual(Date.now());
    expect(live.newestReadingAt).toBeGreaterThan(Date.now() - 5_000);
    expect(live.heardBySensor.get('s2')).toBe(live.newestReadingAt);
  });

  it('after a dropped connection asks for the events it missed and skips ones it has', async () => {
    connections[0].emit('alert', alertEvent(6, 'a2'));
    await until(() => live.alerts.has('a2'), 'event 6');
    missed = [alertEvent(6, 'a2'), alertEvent(7, 'a1', 'acknowledged'), alertEvent(8, 'a3')];
    const seen: number[] = [];
    live.onAlertEvent((e) => seen.push((e as SequencedAlertEvent).seq));
    // Close the transport, not the socket: the client sees a network drop and reconnects by itself.
    connections[0].conn.close();
    await until(() => live.alerts.has('a3'), 'the catch-up after reconnecting');
    expect(sinceAsked).toEqual([6]);
    expect(seen).toEqual([7, 8]);
    expect(live.alerts.get('a1')?.state).toBe('acknowledged');
    expect(live.connection).toBe('connected');
  });

  it('act() resolves with the server reply, and with an error value when disconnected', async () => {
    await expect(live.act({ alertId: 'a1', action: 'acknowledge' })).resolves.toMatchObject({ ok: true });
    await expect(live.act({ alertId: 'zz', action: 'acknowledge' })).resolves.toEqual({ ok: false, error: 'unknown alert' });
    live.disconnect();
    await expect(live.act({ alertId: 'a1', action: 'acknowledge' })).resolves.toEqual({ ok: false, error: 'not-connected' });
  });
});

describe('LiveState when the server refuses the handshake', () => {
  it('reports the refusal and its reason instead of retrying silently', async () => {
    const http = createServer();
    const io = new Server(http);
    io.use((_socket, next) => next(new Error('login required')));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const live = new LiveState(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    try {
      live.connect();
      await until(() => live.connection === 'refused', 'the refusal');
      expect(live.refusal).toBe('login required');
    } finally {
      live.disconnect();
      io.close();
    }
  });
});

describe('LiveState when every connection starts with a snapshot', () => {
  it('tells the listeners of alerts raised or made worse while it was away', async () => {
    // As the real hub does: a snapshot on every connection, which moves lastSeq past the outage's events.
    const a1 = alertEvent(5, 'a1', 'acknowledged').alert;
    let alerts: Alert[] = [a1, { ...alertEvent(4, 'a0').alert, severity: 'warning' }];
    let lastEventSeq = 5;
    const http = createServer();
    const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
    const sockets: ServerSocket[] = [];
    io.on('connection', (socket) => {
      sockets.push(socket);
      socket.emit('snapshot', { serverTime: Date.now(), readings: [], alerts, lastEventSeq });
      socket.on('alerts:since', (_seq, reply) => reply([]));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const live = new LiveState(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const heard: string[] = [];
    live.onAlertEvent((e) => heard.push(`${e.type}:${e.alert.id}`));
    try {
      live.connect();
      await until(() => live.alerts.has('a1'), 'the first snapshot');
      expect(heard).toEqual([]);
      const firstSync = live.syncedAt;
      expect(firstSync).toBeGreaterThan(0);
      // During the outage: a2 raised, a1 re-opened by an escalation, a0 now critical, a3 raised and acknowledged.
      alerts = [
        { ...a1, state: 'raised', worsenedAt: T0 + 50, updatedAt: T0 + 50 },
        { ...alertEvent(6, 'a0').alert, updatedAt: T0 + 60 },
        alertEvent(7, 'a2').alert,
        alertEvent(8, 'a3', 'acknowledged').alert
      ];
      lastEventSeq = 9;
      sockets[0].conn.close();
      await until(() => live.alerts.has('a2'), 'the snapshot after reconnecting');
      expect(heard.sort()).toEqual(['escalated:a0', 'escalated:a1', 'raised:a2']);
      expect(live.alerts.get('a1')?.state).toBe('raised');
      expect(live.syncedAt).toBeGreaterThanOrEqual(firstSync);
      // nothing heard for a while, then the drop is noticed: the list is as old as the last thing heard
      const heardBy = Date.now();
      await new Promise((r) => setTimeout(r, 400));
      sockets[1].conn.close();
      await until(() => live.connection !== 'connected', 'the drop');
      expect(live.syncedAt).toBeLessThanOrEqual(heardBy + 100);
    } finally {
      live.disconnect();
      io.close();
    }
  });
});
