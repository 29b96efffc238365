import { createKeyedBuckets, type KeyedBuckets } from '../rate-budget';
import { addressKey } from '../auth/rate-limit';
import { findRealtimeHub } from '../hub-handle';
import { getServerContext } from '../context';
import { loadWebConfig } from '../config';
import type { PublicConfig } from './config';
import { buildPublicSummary, type PublicSummary } from './summary';
import { acceptsGzip, cachedResponse, createJsonCache, tooManyRequests, type JsonCache, type PlainResponse } from './cache';

/**
 * The public page's server side, free of SvelteKit: the /publik load and /api/public/summary share
 * one cache and one per-address budget (a page view and a refresh of its data cost the same).
 */
interface PublicService {
  config: PublicConfig;
  limiter: KeyedBuckets;
  cache: JsonCache;
  /** The object behind the cached body (the page's load returns it without parsing the JSON back). */
  latest: { at: number; summary: PublicSummary } | null;
}

/**
 * One per process, on globalThis: scripts/web.ts answers /api/public/summary itself (node-handler.ts)
 * while the /publik page load runs in SvelteKit's bundle, two module graphs that must share one cache
 * and one budget per address (as hub-handle.ts shares the hub).
 */
const SERVICE_KEY = Symbol.for('pantau.publicService');
type ServiceGlobal = typeof globalThis & { [SERVICE_KEY]?: PublicService };

/** The summary from the live state the hub holds; empty when this process runs no hub. */
function buildNow(s: PublicService, nowMs: number): PublicSummary {
  const hub = findRealtimeHub();
  const { catalog } = getServerContext();
  const summary = buildPublicSummary(catalog, hub?.latestReadings() ?? [], hub?.listAlerts('open', 1) ?? [], nowMs);
  s.latest = { at: nowMs, summary };
  return summary;
}

function getService(): PublicService {
  const g = globalThis as ServiceGlobal;
  if (!g[SERVICE_KEY]) {
    const config = loadWebConfig().publicData;
    const s: PublicService = { config, limiter: createKeyedBuckets(config.burst, config.ratePerS), cache: undefined!, latest: null };
    s.cache = createJsonCache((now) => buildNow(s, now), config.cacheMs);
    g[SERVICE_KEY] = s;
  }
  return g[SERVICE_KEY];
}

/** Takes one request from the address's budget (an IPv6 host's whole /64 is one address); false = answer 429. */
export function allowPublicRequest(address: string, nowMs: number): boolean {
  return getService().limiter.take(addressKey(address), nowMs);
}

export function hubRunning(): boolean {
  return findRealtimeHub() !== undefined;
}

/** GET /api/public/summary. */
export function answerPublicSummary(address: string, ifNoneMatch: string | null, nowMs: number, acceptEncoding?: string | null): PlainResponse {
  const s = getService();
  if (!allowPublicRequest(address, nowMs)) return tooManyRequests(1);
  if (!hubRunning()) {
    return { status: 503, headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' }, body: JSON.stringify({ error: 'live data is not available', code: 'HUB_MISSING' }) };
  }
  return cachedResponse(s.cache.get(nowMs), ifNoneMatch, s.config.cacheMs, nowMs, acceptsGzip(acceptEncoding));
}

/** The summary for the page's server render: the cached one (built now when the cache is due). */
export function currentPublicSummary(nowMs: number): PublicSummary {
  const s = getService();
  s.cache.get(nowMs);
  return s.latest!.summary;
}
