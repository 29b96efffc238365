import { PantauError } from '../../../src/lib/core/errors';
import { readPatternEnv } from '../../../src/lib/schemas/env';
import { parseRetryAfterMs } from '../backoff';
import { escapeHtml, LABELS, safeError, severityLabel, truncate } from './format';
import { postJson } from './http-json';
import type { Channel, ChannelAddress, OutgoingMessage, SendResult } from './types';

/**
 * Telegram Bot API `sendMessage` (https://core.telegram.org/bots/api#sendmessage): the alert as HTML
 * (parse_mode HTML, every piece of text escaped), with inline-keyboard buttons to the acknowledge link
 * and the alert's page. The person starts a chat with the bot once; their chat id is the address.
 */

export interface TelegramConfig {
  token: string;
  /** https://api.telegram.org, or a Bot API server of one's own (or the test's fake). */
  apiUrl: string;
}

const TOKEN = /^\d{3,20}:[A-Za-z0-9_-]{30,64}$/;
/** A user or group chat id, or a public channel's @name. */
const CHAT = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
/** Telegram counts the text after parsing; the escaped HTML is longer, so leave room. */
const MAX_BODY_CHARS = 3500;

export function parseTelegramConfig(env: Record<string, string | undefined>): TelegramConfig | null {
  const hasToken = Boolean(env.TELEGRAM_BOT_TOKEN);
  if (!hasToken) {
    if (env.TELEGRAM_API_URL) throw new PantauError('CONFIG_TELEGRAM_BOT_TOKEN', 'telegram is half configured: TELEGRAM_API_URL is set, TELEGRAM_BOT_TOKEN is missing');
    return null;
  }
  const token = readPatternEnv(env, 'TELEGRAM_BOT_TOKEN', '', TOKEN, "a bot token from @BotFather (<digits>:<secret>)", true);
  const apiUrl = readPatternEnv(env, 'TELEGRAM_API_URL', 'https://api.telegram.org', /^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'an http(s) URL').replace(/\/+$/, '');
  return { token, apiUrl };
}

/** The message text in Telegram's HTML: bold title line, then the body, all escaped. */
export function telegramHtml(message: OutgoingMessage): string {
  const head = `<b>${escapeHtml(`[${severityLabel(message.language, message.severity)}] ${message.title}`)}</b>`;
  return `${head}\n\n${escapeHtml(truncate(message.body, MAX_BODY_CHARS))}`;
}

function keyboard(message: OutgoingMessage): { inline_keyboard: { text: string; url: string }[][] } {
  const label = LABELS[message.language];
  const rows = [[{ text: label.open, url: message.url }]];
  if (message.ackUrl) rows.unshift([{ text: label.ack, url: message.ackUrl }]);
  return { inline_keyboard: rows };
}

interface TelegramAnswer {
  ok?: boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
  result?: { message_id?: number };
}

/** 429 waits retry_after; 5xx retries; 403 (blocked, kicked, deactivated) and "chat not found" mean the address is dead. */
export function classifyTelegram(status: number, answer: TelegramAnswer, retryAfterHeader: string | null, secrets: readonly string[]): SendResult {
  const description = answer.description ?? `HTTP ${status}`;
  const error = safeError(`telegram ${answer.error_code ?? status}: ${description}`, secrets);
  if (status === 429) {
    const after = answer.parameters?.retry_after;
    const retryAfterMs = typeof after === 'number' && after >= 0 ? Math.min(after * 1000, 86_400_000) : parseRetryAfterMs(retryAfterHeader, Date.now(), 86_400_000);
    return { ok: false, retryable: true, error, retryAfterMs };
  }
  if (status >= 500) return { ok: false, retryable: true, error };
  const gone = status === 403 || /chat not found/i.test(description);
  return { ok: false, retryable: false, error, ...(gone ? { gone } : {}) };
}

export function checkChatId(address: unknown): string | null {
  if (typeof address !== 'string') return 'a Telegram chat id is a string';
  return CHAT.test(address) ? null : 'not a Telegram chat id (digits, may start with -, or @channelname)';
}

export function createTelegramChannel(config: TelegramConfig | null, deps: { timeoutMs: number }): Channel | null {
  if (!config) return null;
  const secrets = [config.token];
  const endpoint = `${config.apiUrl}/bot${config.token}/sendMessage`;
  return {
    kind: 'telegram',
    checkAddress: checkChatId,
    async send(address: ChannelAddress, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
      const problem = checkChatId(address);
      if (problem) return { ok: false, retryable: false, error: `telegram: ${problem}` };
      const body = {
        chat_id: address,
        text: telegramHtml(message),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: keyboard(message)
      };
      const reply = await postJson<TelegramAnswer>(endpoint, body, { timeoutMs: deps.timeoutMs, signal, secrets });
      if ('failure' in reply) return reply.failure;
      const { answer } = reply;
      if (reply.ok && answer.ok) return { ok: true, providerId: String(answer.result?.message_id ?? '') };
      return classifyTelegram(reply.status, answer, reply.retryAfter, secrets);
    }
  };
}
