import { readCapped } from '../read-capped';
import { networkFailure, requestSignal } from './format';
import type { SendResult } from './types';

/** What a provider's HTTP API answered: status, Retry-After, and its JSON body ({} when it was not JSON). */
export interface JsonReply<T> {
  ok: boolean;
  status: number;
  retryAfter: string | null;
  answer: T;
}

/**
 * One JSON POST to a provider (Telegram, WhatsApp Cloud API) under the request's deadline, never
 * following a redirect. A network-level failure comes back as `{ failure }`, already classified.
 */
export async function postJson<T extends object>(
  url: string,
  body: unknown,
  opts: { headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal; secrets: readonly string[] }
): Promise<JsonReply<T> | { failure: SendResult }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: requestSignal(opts.timeoutMs, opts.signal)
    });
  } catch (err) {
    return { failure: networkFailure(err, opts.secrets) };
  }
  let answer = {} as T;
  try {
    // Bounded (read-capped.ts): an answer past it is no provider's, and is judged by its status alone.
    const bytes = await readCapped(res);
    if (bytes) answer = JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    // A proxy's HTML error page, or a body cut by the deadline: the caller classifies by status alone.
  }
  return { ok: res.ok, status: res.status, retryAfter: res.headers.get('retry-after'), answer };
}
