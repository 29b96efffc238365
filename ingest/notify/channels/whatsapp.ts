import { PantauError } from '../../../src/lib/core/errors';
import type { Language } from '../../../src/lib/core/people';
import { readPatternEnv } from '../../../src/lib/schemas/env';
import { parseRetryAfterMs } from '../backoff';
import { safeError, severityLabel, truncate } from './format';
import { postJson } from './http-json';
import type { Channel, ChannelAddress, OutgoingMessage, SendResult } from './types';

/**
 * WhatsApp Business Cloud API: `POST <api>/<phone-number-id>/messages` with a template message, the
 * only kind WhatsApp delivers to a person who has not written to the business in the last 24 hours.
 * The template (approved in WhatsApp Manager, README "WhatsApp template") has three body parameters:
 * {{1}} the title with its severity, {{2}} why and what to do, {{3}} the acknowledge link (or the alert's page).
 */

export interface WhatsAppConfig {
  token: string;
  phoneNumberId: string;
  /** https://graph.facebook.com/v21.0 (the version is part of it). */
  apiUrl: string;
  template: string;
  /** Our language → the template's language code (the template must exist in each). */
  languages: Readonly<Record<Language, string>>;
}

/** E.164 without the plus: country code and number, 8–15 digits. */
const NUMBER = /^[1-9]\d{7,14}$/;
/** Template parameters may not hold newlines, tabs or more than four spaces in a row. */
const PARAM_MAX_CHARS = { title: 200, detail: 700 };

/** Graph API codes that mean "later": rate limits and the service's own trouble. Everything else will fail the same way again. */
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);

function parseLanguages(text: string): Record<Language, string> {
  const out: Record<Language, string> = { id: 'id', en: 'en' };
  for (const pair of text.split(',').filter(Boolean)) {
    const m = /^\s*(id|en)\s*:\s*([a-z]{2,3}(?:_[A-Z]{2})?)\s*$/.exec(pair);
    if (!m) throw new PantauError('CONFIG_WHATSAPP_TEMPLATE_LANGUAGES', `WHATSAPP_TEMPLATE_LANGUAGES must be like "id:id,en:en_US", got "${text.slice(0, 100)}"`);
    out[m[1] as Language] = m[2];
  }
  return out;
}

export function parseWhatsAppConfig(env: Record<string, string | undefined>): WhatsAppConfig | null {
  const required = ['WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'] as const;
  const optional = ['WHATSAPP_API_URL', 'WHATSAPP_TEMPLATE', 'WHATSAPP_TEMPLATE_LANGUAGES'] as const;
  const missing = required.filter((k) => !env[k]);
  if (missing.length === required.length) {
    const stray = optional.filter((k) => env[k]);
    if (!stray.length) return null;
    throw new PantauError('CONFIG_WHATSAPP_TOKEN', `whatsapp is half configured: ${stray.join(', ')} set, missing ${missing.join(', ')}`);
  }
  const [first] = missing;
  if (first) throw new PantauError(`CONFIG_${first}`, `whatsapp is half configured: missing ${missing.join(', ')}`);
  return {
    token: readPatternEnv(env, 'WHATSAPP_TOKEN', '', /^[A-Za-z0-9_.|-]{20,1024}$/, 'a Cloud API access token', true),
    phoneNumberId: readPatternEnv(env, 'WHATSAPP_PHONE_NUMBER_ID', '', /^\d{5,20}$/, 'the numeric phone number id from WhatsApp Manager'),
    apiUrl: readPatternEnv(env, 'WHATSAPP_API_URL', 'https://graph.facebook.com/v21.0', /^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'an http(s) URL').replace(/\/+$/, ''),
    template: readPatternEnv(env, 'WHATSAPP_TEMPLATE', 'pantau_alert', /^[a-z0-9_]{1,512}$/, 'a template name (a-z 0-9 _)'),
    languages: Object.freeze(parseLanguages(env.WHATSAPP_TEMPLATE_LANGUAGES ?? ''))
  };
}

/** One line, at most `max` characters, no runs of spaces: what a template parameter accepts. */
export function templateParam(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max) || '-';
}

export function whatsappBody(config: WhatsAppConfig, to: string, message: OutgoingMessage): object {
  const params = [
    templateParam(`[${severityLabel(message.language, message.severity)}] ${message.title}`, PARAM_MAX_CHARS.title),
    templateParam(message.summary ?? message.body, PARAM_MAX_CHARS.detail),
    message.ackUrl ?? message.url
  ];
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: config.template,
      language: { code: config.languages[message.language] },
      components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }]
    }
  };
}

interface GraphAnswer {
  error?: { code?: number; message?: string; error_subcode?: number; error_data?: { details?: string } };
  messages?: { id?: string }[];
}

export function classifyWhatsApp(status: number, answer: GraphAnswer, retryAfterHeader: string | null, secrets: readonly string[]): SendResult {
  const code = answer.error?.code;
  const detail = answer.error?.error_data?.details ?? answer.error?.message ?? `HTTP ${status}`;
  const error = safeError(`whatsapp ${status}${code !== undefined ? ` #${code}` : ''}: ${detail}`, secrets);
  const retryable = status === 429 || status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code));
  return retryable ? { ok: false, retryable, error, retryAfterMs: parseRetryAfterMs(retryAfterHeader, Date.now(), 86_400_000) } : { ok: false, retryable, error };
}

export function checkWhatsAppNumber(address: unknown): string | null {
  if (typeof address !== 'string') return 'a WhatsApp number is a string';
  return NUMBER.test(address) ? null : 'not a WhatsApp number (E.164 digits without +, e.g. 6281234567890)';
}

export function createWhatsAppChannel(config: WhatsAppConfig | null, deps: { timeoutMs: number }): Channel | null {
  if (!config) return null;
  const secrets = [config.token];
  const endpoint = `${config.apiUrl}/${config.phoneNumberId}/messages`;
  return {
    kind: 'whatsapp',
    checkAddress: checkWhatsAppNumber,
    async send(address: ChannelAddress, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
      const problem = checkWhatsAppNumber(address);
      if (problem) return { ok: false, retryable: false, error: `whatsapp: ${problem}` };
      const reply = await postJson<GraphAnswer>(endpoint, whatsappBody(config, address as string, message), {
        headers: { authorization: `Bearer ${config.token}` },
        timeoutMs: deps.timeoutMs,
        signal,
        secrets
      });
      if ('failure' in reply) return reply.failure;
      const { answer } = reply;
      const id = answer.messages?.[0]?.id;
      if (reply.ok && id) return { ok: true, providerId: id };
      return classifyWhatsApp(reply.status, answer, reply.retryAfter, secrets);
    }
  };
}
