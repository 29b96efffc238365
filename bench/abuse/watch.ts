/**
 * What must keep working while bench:abuse attacks: the wall (a kiosk's Socket.IO client receiving
 * live batches) and a responder acting on a real alert (over Socket.IO or POST /api/alerts/<id>/actions).
 */
import { io, type Socket } from 'socket.io-client';
import type { Alert } from '../../src/lib/core/alert';
import type { ActionResult, ClientToServerEvents, ServerToClientEvents, Snapshot } from '../../src/lib/core/events';
import { proxied } from './stack';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const CONNECT_TIMEOUT_MS = 8000;

/** One Socket.IO connection from `from` (via the pretend proxy); resolves with its snapshot or why it was refused. */
export function connect(base: string, from: string, headers: Record<string, string> = {}): Promise<{ client: Client; snapshot?: Snapshot; refused?: string }> {
  const client: Client = io(base, { transports: ['websocket'], reconnection: false, timeout: CONNECT_TIMEOUT_MS, extraHeaders: proxied(from, headers) });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ client, refused: 'timeout' }), CONNECT_TIMEOUT_MS);
    client.once('snapshot', (snapshot) => (clearTimeout(timer), resolve({ client, snapshot })));
    client.once('connect_error', (err) => (clearTimeout(timer), resolve({ client, refused: err.message })));
  });
}

export async function login(base: string, from: string, user: string, password: string): Promise<{ status: number; cookie: string | null }> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: proxied(from, { 'content-type': 'application/json', origin: base }), body: JSON.stringify({ user, password }) });
  await res.text();
  const pair = res.headers.getSetCookie().map((h) => h.split(';')[0]).find((p) => p.startsWith('pantau_session=') && p.length > 15) ?? null;
  return { status: res.status, cookie: pair };
}

/** The kiosk on the wall: counts live batches, to tell how the feed fared in any time window. */
export async function startWallWatcher(base: string, kioskToken: string) {
  const times: number[] = [];
  const seen: Array<{ at: number; sensorId: string; ts: number; values: Record<string, number> }> = [];
  const { client, snapshot, refused } = await connect(base, '192.0.2.10', { cookie: `pantau_kiosk=${kioskToken}` });
  if (!snapshot) throw new Error(`the wall's kiosk could not connect: ${refused}`);
  client.on('readings', (batch) => {
    const at = Date.now();
    times.push(at);
    for (const r of batch) if (seen.length < 200_000) seen.push({ at, sensorId: r.sensorId, ts: r.ts, values: r.values as Record<string, number> });
  });
  return {
    /** Live batches in [from, to] and the longest time without one there. */
    window(from: number, to: number): { batches: number; maxGapMs: number } {
      const inside = times.filter((t) => t >= from && t <= to);
      let gap = 0;
      let last = from;
      for (const t of inside) {
        gap = Math.max(gap, t - last);
        last = t;
      }
      return { batches: inside.length, maxGapMs: Math.max(gap, to - last) };
    },
    /** Readings the wall showed since `from` that match. */
    shown(from: number, match: (r: { sensorId: string; ts: number; values: Record<string, number> }) => boolean): number {
      return seen.filter((r) => r.at >= from && match(r)).length;
    },
    close: () => client.close()
  };
}

/** A responder (sari) signed in from her own address; acknowledges a different real alert each time. */
export async function startResponder(base: string, password: string) {
  const from = '192.0.2.20';
  const { cookie: got } = await login(base, from, 'sari', password);
  if (!got) throw new Error('the responder could not log in');
  const cookie: string = got;
  const { client, snapshot, refused } = await connect(base, from, { cookie });
  if (!snapshot) throw new Error(`the responder's socket was refused: ${refused}`);
  const alerts = new Map<string, Alert>(snapshot.alerts.map((a) => [a.id, a]));
  client.on('alert', (e) => alerts.set(e.alert.id, e.alert));
  const used = new Set<string>();

  function nextAlert(): Alert | undefined {
    const a = [...alerts.values()].find((x) => x.state === 'raised' && x.severity === 'critical' && !used.has(x.id));
    if (a) used.add(a.id);
    return a;
  }

  /**
   * Acknowledges the next raised critical alert (over the socket or over HTTP); ok and how long it
   * took. With none left unacknowledged, comments on an open one instead (the same path and check).
   */
  async function acknowledge(via: 'socket' | 'http'): Promise<{ ok: boolean; ms: number; via: string }> {
    const fresh = nextAlert();
    const alert = fresh ?? [...alerts.values()].find((x) => x.state !== 'resolved' && x.severity === 'critical');
    if (!alert) return { ok: false, ms: 0, via: `${via}: no open alert` };
    const action = fresh ? { action: 'acknowledge' as const } : { action: 'comment' as const, text: 'masih dipantau' };
    const t0 = Date.now();
    let result: ActionResult;
    try {
      if (via === 'socket') {
        result = await client.timeout(10_000).emitWithAck('alert:action', { alertId: alert.id, ...action });
      } else {
        const res = await fetch(`${base}/api/alerts/${encodeURIComponent(alert.id)}/actions`, {
          method: 'POST', headers: proxied(from, { cookie, origin: base, 'content-type': 'application/json' }), body: JSON.stringify(action),
          signal: AbortSignal.timeout(10_000)
        });
        result = res.ok ? ((await res.json()) as ActionResult) : { ok: false, error: `HTTP ${res.status}` };
      }
    } catch (err) {
      result = { ok: false, error: (err as Error).message };
    }
    const what = fresh ? via : `${via}, commented: none left to acknowledge`;
    return { ok: result.ok, ms: Date.now() - t0, via: result.ok ? what : `${what}: ${result.error}` };
  }

  return {
    acknowledge,
    alerts: () => [...alerts.values()],
    raisedCritical: () => [...alerts.values()].filter((a) => a.state === 'raised' && a.severity === 'critical').length,
    close: () => client.close()
  };
}
