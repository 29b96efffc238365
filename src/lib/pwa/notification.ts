/**
 * What the responder app's service worker does with a Web Push message and a click on its
 * notification, as pure functions (the worker in src/service-worker.ts only wires them to events).
 * The payload is the notifier's webpush channel's JSON (ingest/notify/channels/webpush.ts); it
 * arrives encrypted and signed, but is still read defensively: bounded texts, web links only.
 */
import type { PushPayload as SentPushPayload } from '../core/people';

/** The contract's payload as read: severity stays whatever text arrived (it only decides requireInteraction). */
export type PushPayload = Omit<SentPushPayload, 'severity'> & { severity: string };

export interface NotificationData {
  url: string;
  ackUrl?: string;
  alertIds: string[];
  severity: string;
}

/** Where a notification without a link of its own leads. */
export const APP_PATH = '/app';
export const ACK_ACTION = 'ack';

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');

/** Only web pages are opened from a notification (never javascript:, data: …); relative links resolve against `origin`. */
export function safeUrl(value: unknown, origin: string): string | undefined {
  if (typeof value !== 'string' || value.length > 2_048) return undefined;
  try {
    const url = new URL(value, origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The message as the worker shows it; `raw` is the parsed JSON (or a plain text body). */
export function readPushPayload(raw: unknown, origin: string): PushPayload {
  const r = (raw && typeof raw === 'object' ? raw : { body: typeof raw === 'string' ? raw : '' }) as Record<string, unknown>;
  const alertIds = Array.isArray(r.alertIds) ? r.alertIds.filter((a): a is string => typeof a === 'string').slice(0, 50) : [];
  const ackUrl = safeUrl(r.ackUrl, origin);
  return {
    title: str(r.title, 200) || 'Pantau',
    body: str(r.body, 1_000),
    url: safeUrl(r.url, origin) ?? new URL(APP_PATH, origin).href,
    ...(ackUrl ? { ackUrl } : {}),
    tag: str(r.tag, 200) || alertIds[0] || 'pantau',
    severity: str(r.severity, 20),
    alertIds,
    lang: r.lang === 'en' || r.language === 'en' ? 'en' : 'id'
  };
}

/**
 * The options of `showNotification`: a critical alert stays until someone acts on it; the same tag
 * replaces the earlier notification of that alert, and still rings (a digest's tag carries its send time,
 * so each digest stays a notification of its own); "Tangani" only when there is a link.
 */
export function notificationOptions(p: PushPayload): NotificationOptions & { actions: Array<{ action: string; title: string }>; renotify: boolean } {
  const data: NotificationData = { url: p.url, ...(p.ackUrl ? { ackUrl: p.ackUrl } : {}), alertIds: p.alertIds, severity: p.severity };
  return {
    body: p.body,
    tag: p.tag,
    lang: p.lang,
    icon: '/icons/icon-192.png',
    badge: '/icons/maskable-192.png',
    requireInteraction: p.severity === 'critical',
    renotify: true,
    data,
    actions: p.ackUrl ? [{ action: ACK_ACTION, title: p.lang === 'en' ? 'Acknowledge' : 'Tangani' }] : []
  };
}

/**
 * The page a click opens: "Tangani" opens the acknowledge link's confirm page, which asks (a click
 * never acknowledges by itself); the notification's body opens the alert.
 */
export function clickTarget(action: string, data: unknown, origin: string): string {
  const d = (data && typeof data === 'object' ? data : {}) as Partial<NotificationData>;
  const ack = action === ACK_ACTION ? safeUrl(d.ackUrl, origin) : undefined;
  return ack ?? safeUrl(d.url, origin) ?? new URL(APP_PATH, origin).href;
}
