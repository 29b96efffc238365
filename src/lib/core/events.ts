import type { AckVia, Alert, AlertEvent } from './alert';
import type { LiveReading } from './reading';
import type { DeliveryRecord } from './people';
import type { RoleHealth } from './process-status';

/** What the command center sends to browsers over Socket.IO. */
export interface Snapshot {
  serverTime: number;
  /** Latest reading per sensor. */
  readings: LiveReading[];
  /** Open alerts, and alerts resolved in the last hour. */
  alerts: Alert[];
  /** Id of the newest alert event included, so a reconnecting client can ask for what it missed. */
  lastEventSeq: number;
}

export interface SequencedAlertEvent extends AlertEvent {
  /** Server-assigned, increasing per server process start; used to replay missed events. */
  seq: number;
}

/** What a signed-in client may say of its own acknowledgement; link kinds are the link route's alone (alert-actions.ts). */
export const CLIENT_ACK_VIAS: readonly AckVia[] = ['console', 'app'];

/** `step`: a responder ticks (or unticks) one step of the alert's response procedure. */
export type AlertActionKind = 'acknowledge' | 'assign' | 'comment' | 'resolve' | 'step';

export interface AlertAction {
  alertId: string;
  action: AlertActionKind;
  assignee?: string;
  text?: string;
  /** For `step`: the procedure step's id (see src/lib/catalog/procedures.json) and whether it is done. */
  stepId?: string;
  done?: boolean;
  /** For `acknowledge`: how it came (kept on the alert as `acknowledgedVia`). */
  via?: AckVia;
  /**
   * For `acknowledge`: the version (`worsenedAt`, 0 for none) of the copy the person acknowledged; one older than the
   * server's is refused (ACTION_REFUSALS.worsened). Absent: the server's copy is meant (the link route checks its own).
   */
  version?: number;
}

export type ActionResult = { ok: true; event: AlertEvent } | { ok: false; error: string };

export interface SystemStatus {
  mqtt: boolean;
  influx: boolean;
  /** Newest reading time seen, epoch ms, or 0; never later than when it arrived (a fast device clock). */
  lastReadingAt: number;
  /**
   * The server's clock when sent (epoch ms). Every status resets the browser's clock offset: a wall's clock
   * stepped by NTP after boot would otherwise skew ages and staleness until the next reconnect.
   */
  serverTime?: number;
  /** Per role (notifier, ingest): whether it is up and whether people must be told it is not (process-status.ts). */
  pipeline?: RoleHealth[];
  /** The sensor registry's version of the catalog (absent: the catalog file): a wall whose catalog is older reloads it. */
  catalogVersion?: number;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  /** Latest reading per changed sensor; a river gauge's carries its latest forecast (`LiveReading.forecast`). */
  readings: (batch: LiveReading[]) => void;
  alert: (event: SequencedAlertEvent) => void;
  status: (status: SystemStatus) => void;
  /** The notifier reached (or failed to reach) a person about an alert; to signed-in people only. */
  delivery: (record: DeliveryRecord) => void;
}

export interface ClientToServerEvents {
  'alert:action': (action: AlertAction, reply: (result: ActionResult) => void) => void;
  /** Asks for alert events after `seq` (after a reconnect). */
  'alerts:since': (seq: number, reply: (events: SequencedAlertEvent[]) => void) => void;
}
