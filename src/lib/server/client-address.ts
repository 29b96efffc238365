import { readIntEnv } from '../schemas/env';
import { PantauError } from '../core/errors';

/**
 * Who is on the other end of a request or socket. Behind a reverse proxy every connection comes from
 * the proxy, so per-address limits would lump everyone together (and one person's typos would lock
 * out all): with the proxy's header trusted, the address comes from there instead. The same settings
 * as adapter-node's, so pages (`getClientAddress()`) and sockets agree:
 *   ADDRESS_HEADER  e.g. `x-forwarded-for` or `x-real-ip` (set only when a proxy you run sets it)
 *   XFF_DEPTH       with x-forwarded-for: how many proxies are yours (1 = the rightmost entry)
 */
export interface ProxyConfig {
  addressHeader: string;
  xffDepth: number;
}

export function parseProxyConfig(env: Record<string, string | undefined>): ProxyConfig {
  const addressHeader = (env.ADDRESS_HEADER ?? '').trim().toLowerCase();
  if (addressHeader && !/^[a-z0-9-]{1,64}$/.test(addressHeader)) throw new PantauError('CONFIG_ADDRESS_HEADER', 'ADDRESS_HEADER must be a header name');
  const xffDepth = readIntEnv(env, 'XFF_DEPTH', 1, 1, 10);
  return Object.freeze({ addressHeader, xffDepth });
}

/** The client's address: the trusted header's when configured and present, else the socket's peer. */
export function clientAddress(headers: Record<string, string | string[] | undefined>, remote: string | undefined, proxy: ProxyConfig): string {
  const fallback = remote || 'unknown';
  if (!proxy.addressHeader) return fallback;
  const value = headers[proxy.addressHeader];
  const text = (Array.isArray(value) ? value.join(',') : (value ?? '')).slice(0, 2_000);
  if (!text) return fallback;
  if (proxy.addressHeader !== 'x-forwarded-for') return text.trim().slice(0, 64) || fallback;
  // Entries left of our own proxies were written by the client: only the one our outermost proxy added counts.
  const parts = text.split(',');
  const picked = parts[parts.length - proxy.xffDepth];
  return picked?.trim().slice(0, 64) || fallback;
}
