import { gzipSync } from 'node:zlib';
import { isOpen, type Alert } from '../../core/alert';
import type { RealtimeHub } from '../realtime';
import { etagOf } from '../public/cache';
import { ifNoneMatchHits } from '../conditional';
import type { CapConfig } from './config';
import { formatCapAlert, CAP_MEDIA_TYPE } from './format-cap';
import { formatCapFeed, ATOM_MEDIA_TYPE } from './format-atom';

/**
 * The CAP endpoints' logic, free of SvelteKit (the +server.ts files only wrap it). The feed lists
 * emergency alerts the hub holds: open ones, and those resolved within the hub's retention (an hour),
 * which appear as CAP Cancel so receivers can withdraw them. Maintenance alerts are never public.
 */
export interface XmlResult {
  status: 200 | 304 | 404 | 503;
  contentType: string;
  body: string | Uint8Array<ArrayBuffer> | null;
  /** Extra headers (ETag, Content-Encoding, Vary) of a cached feed. */
  headers?: Record<string, string>;
}

const TEXT = 'text/plain; charset=utf-8';
/** Resolved alerts stay listed for this long (RealtimeHub.listAlerts 'all', hours). */
const RESOLVED_LISTED_HOURS = 1;
/**
 * A rendered feed is reused until the hub's alerts change (its last event seq) and at most this long:
 * a resolved alert leaves the feed with time, not with an event.
 */
export const FEED_CACHE_MS = 30_000;

function publicAlerts(hub: RealtimeHub): Alert[] {
  return hub.listAlerts('all', RESOLVED_LISTED_HOURS).filter((a) => a.category === 'emergency');
}

interface RenderedFeed {
  hub: RealtimeHub;
  seq: number;
  origin: string;
  config: CapConfig;
  builtAt: number;
  body: string;
  etag: string;
  gzipped?: Uint8Array<ArrayBuffer>;
}

/**
 * The feed is public and polled; rendered anew per request it cost 30 ms and 3.2 MB of strings at
 * 5000 alerts, so a crowd of pollers (or one script) kept the command center's event loop busy.
 * One rendering per change of the alerts is shared by every request; an unchanged one gets a 304.
 * Kept per origin (the links inside name it): without PANTAU_PUBLIC_URL or ORIGIN the origin comes
 * from the Host header, and with one rendering held, requests alternating two Host headers rendered
 * every time (80 ms each at 5000 alerts). A few origins are real (a LAN name, a public one); more are
 * a client choosing, and the oldest rendering makes room.
 */
const MAX_ORIGINS = 4;
const rendered = new Map<string, RenderedFeed>();

function renderedFeed(hub: RealtimeHub, config: CapConfig, origin: string, nowMs: number): RenderedFeed {
  const seq = hub.lastEventSeq();
  const r = rendered.get(origin);
  // A clock set back must not keep an old rendering for ever: any age outside [0, FEED_CACHE_MS) renders.
  const age = r ? nowMs - r.builtAt : -1;
  if (r && r.hub === hub && r.seq === seq && r.config === config && age >= 0 && age < FEED_CACHE_MS) return r;
  const body = formatCapFeed(publicAlerts(hub), config, origin, nowMs);
  const feed: RenderedFeed = { hub, seq, origin, config, builtAt: nowMs, body, etag: etagOf(body) };
  rendered.delete(origin);
  if (rendered.size >= MAX_ORIGINS) rendered.delete(rendered.keys().next().value!);
  rendered.set(origin, feed);
  return feed;
}

export interface FeedRequest {
  ifNoneMatch?: string | null;
  /** The client accepts gzip (public/cache.ts acceptsGzip). */
  gzip?: boolean;
}

export function getCapFeed(hub: RealtimeHub | undefined, config: CapConfig, requestOrigin: string, nowMs: number, request: FeedRequest = {}): XmlResult {
  if (!hub) return { status: 503, contentType: TEXT, body: 'realtime hub is not running' };
  const feed = renderedFeed(hub, config, config.publicUrl || requestOrigin, nowMs);
  const contentType = `${ATOM_MEDIA_TYPE}; charset=utf-8`;
  // A strong ETag names one representation: the gzip body gets its own (RFC 9110 8.8.3); either
  // one the client holds still means "unchanged".
  const gzEtag = feed.etag.replace(/"$/, '-gz"');
  const headers = { etag: request.gzip ? gzEtag : feed.etag, vary: 'accept-encoding' };
  const held = request.ifNoneMatch ?? null;
  if (ifNoneMatchHits(held, feed.etag) || ifNoneMatchHits(held, gzEtag)) return { status: 304, contentType, body: null, headers };
  if (!request.gzip) return { status: 200, contentType, body: feed.body, headers };
  feed.gzipped ??= new Uint8Array(gzipSync(feed.body));
  return { status: 200, contentType, body: feed.gzipped, headers: { ...headers, 'content-encoding': 'gzip' } };
}

export function getCapDocument(hub: RealtimeHub | undefined, config: CapConfig, alertId: string, nowMs = Date.now()): XmlResult {
  if (!hub) return { status: 503, contentType: TEXT, body: 'realtime hub is not running' };
  // The one alert, not the whole sorted list: a document request costs the same at 5 or 5000 alerts.
  const alert = hub.alert(alertId);
  const listed = alert && (isOpen(alert) || alert.updatedAt >= nowMs - RESOLVED_LISTED_HOURS * 3_600_000);
  if (!alert || !listed || alert.category !== 'emergency') return { status: 404, contentType: TEXT, body: 'no such active alert' };
  const sensor = hub.sensors.get(alert.sensorId);
  return { status: 200, contentType: `${CAP_MEDIA_TYPE}; charset=utf-8`, body: formatCapAlert(alert, config, sensor) };
}
