import type { AlertSeverity } from '../../../src/lib/core/alert';
import type { Language } from '../../../src/lib/core/people';
import type { SendResult } from './types';

/** What every channel shares: escaping, the few labels a channel adds itself, timeouts, failure text. */

/** The project's one HTML escaper (report emails use it too), for email and Telegram HTML. */
export { escapeHtml } from '../../../src/lib/format/escape-html';

const SEVERITY: Record<Language, Record<AlertSeverity, string>> = {
  id: { critical: 'KRITIS', warning: 'WASPADA', info: 'INFO' },
  en: { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO' }
};

export function severityLabel(language: Language, severity: AlertSeverity): string {
  return SEVERITY[language][severity];
}

/** Button and link labels. */
export const LABELS: Record<Language, { ack: string; open: string }> = {
  id: { ack: 'Tangani: saya yang menangani', open: 'Buka peringatan' },
  en: { ack: "Acknowledge: I'm on it", open: 'Open alert' }
};

/** Cuts to `max` UTF-16 units, ending with an ellipsis when cut (never splits a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut--;
  return text.slice(0, cut) + '…';
}

/** Failure text is short and never holds a secret (a token in a URL, a password): each is replaced. */
const MAX_ERROR_CHARS = 300;
export function safeError(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return truncate(out.replace(/\s+/g, ' ').trim(), MAX_ERROR_CHARS);
}

/** One request's signal: the caller's (the dispatcher's deadline) and the channel's own timeout, whichever fires first. */
export function requestSignal(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const own = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, own]) : own;
}

/** A network-level failure (refused, reset, DNS, aborted, timed out): always worth another try. */
export function networkFailure(err: unknown, secrets: readonly string[]): SendResult {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const aborted = e?.name === 'AbortError' || e?.name === 'TimeoutError';
  const detail = aborted ? 'timed out or aborted' : [e?.message, e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(': ');
  return { ok: false, retryable: true, error: safeError(detail || 'network error', secrets) };
}
