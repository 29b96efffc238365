import type { IClientOptions } from 'mqtt';
import { MAX_STATUS_PAYLOAD_BYTES, statusTopic, type ProcessPart, type ProcessRole, type ReportedState } from '../src/lib/core/process-status';

/**
 * The retained status a process keeps on `pantau/v1/status/<role>/<clientId>` so the command center can
 * tell when it is down (src/lib/core/process-status.ts): the Last Will set here says `offline` the moment
 * the broker loses the connection (crash, SIGKILL, cut network: at the latest 1.5 keep-alives), `online`
 * goes out on every connect and with the counters every interval, `stopped` on a clean stop.
 */
export function statusWill(role: ProcessRole, clientId: string, intervalMs: number, part?: ProcessPart): NonNullable<IClientOptions['will']> {
  return { topic: statusTopic(role, clientId), payload: Buffer.from(JSON.stringify({ state: 'offline', intervalMs, ...partFields(part) })), qos: 1, retain: true };
}

/**
 * The status message: state, time and interval first, the process's counters after them. Counters that would take it
 * past what the command center reads (MAX_STATUS_PAYLOAD_BYTES: the notifier's run with its webhooks, up to 50 named by
 * URL) are left out and said so: refused whole, the message read as no news, and a running notifier as paging down.
 */
export function statusMessage(state: ReportedState, intervalMs: number, now: number, counters: object = {}, part?: ProcessPart): string {
  const head = { state, at: now, intervalMs, ...partFields(part) };
  const whole = JSON.stringify({ ...counters, ...head });
  return Buffer.byteLength(whole) <= MAX_STATUS_PAYLOAD_BYTES ? whole : JSON.stringify({ countersOmitted: true, ...head });
}

/** An ingest worker of several (INGEST_WORKERS > 1) says which share it owns: each share must be up. */
function partFields(part: ProcessPart | undefined): object {
  return part && part.workers > 1 ? { workers: part.workers, workerIndex: part.index } : {};
}
