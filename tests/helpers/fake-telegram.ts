import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeFake, listenLocal, readBody } from './fake-server';

/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api), because the real one
 * cannot be reached from the test machine. It checks each request against the documented shape and
 * answers as the API does (`{ok, result}` / `{ok: false, error_code, description, parameters}`):
 *   POST /bot<token>/sendMessage, Content-Type application/json, token `<digits>:<30–64 of A-Za-z0-9_->` and equal to
 *   the configured one (else 401), `chat_id` integer or `@channel`, `text` 1–4096 characters after parsing,
 *   `parse_mode: "HTML"` parsed by Telegram's rules (only the supported tags, only &lt; &gt; &amp; &quot; and
 *   numeric entities, every other <, >, & escaped; else 400 "can't parse entities"), and `reply_markup` an
 *   InlineKeyboardMarkup whose buttons have a text and an http(s) url.
 * `failWith()` answers 429 (with parameters.retry_after), 403 (bot blocked), 500, or holds the request open.
 */

export const TELEGRAM_TOKEN = '123456789:AAEexampleexampleexampleexample_abcd';

export interface TelegramMessage {
  chatId: number | string;
  /** The text as it shows on the phone: tags removed, entities decoded. */
  text: string;
  /** The HTML as sent. */
  html: string;
  buttons: { text: string; url: string }[];
  body: Record<string, unknown>;
}

export type TelegramFailure = { status: 429; retryAfterS: number } | { status: 403 | 500 } | { status: 'hang' };

export interface FakeTelegram {
  /** What TELEGRAM_API_URL takes. */
  url: string;
  token: string;
  messages: TelegramMessage[];
  /** Requests refused for their shape (a test that sends correctly expects none). */
  refused: { status: number; description: string }[];
  failWith(failure: TelegramFailure | null): void;
  close(): Promise<void>;
}

const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'span', 'tg-spoiler', 'tg-emoji', 'blockquote']);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const MAX_TEXT_CHARS = 4096;

/** Telegram's HTML parse mode: the visible text, or the error it answers. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let text = '';
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      const m = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/.exec(html.slice(i));
      if (!m || !TAGS.has(m[2])) return { error: `Bad Request: can't parse entities: Unsupported start tag at byte offset ${i}` };
      if (m[1]) {
        if (open.pop() !== m[2]) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag at byte offset ${i}` };
      } else open.push(m[2]);
      i += m[0].length;
    } else if (c === '&') {
      const m = /^&(?:([a-z]+)|#(\d+)|#x([0-9a-fA-F]+));/.exec(html.slice(i));
      if (!m || (m[1] && !(m[1] in NAMED_ENTITIES))) return { error: `Bad Request: can't parse entities: Unsupported HTML entity at byte offset ${i}` };
      text += m[1] ? NAMED_ENTITIES[m[1]] : String.fromCodePoint(m[2] ? Number(m[2]) : parseInt(m[3], 16));
      i += m[0].length;
    } else if (c === '>') {
      return { error: `Bad Request: can't parse entities: Unexpected end tag at byte offset ${i}` };
    } else {
      text += c;
      i++;
    }
  }
  if (open.length) return { error: `Bad Request: can't parse entities: Can't find end of the entity starting at byte offset ${html.length}` };
  return { text };
}

function checkButtons(markup: unknown): { text: string; url: string }[] | string {
  const rows = (markup as { inline_keyboard?: unknown })?.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) return "Bad Request: can't parse reply keyboard markup JSON object";
  const buttons = rows.flat() as { text?: unknown; url?: unknown }[];
  for (const b of buttons) {
    if (typeof b?.text !== 'string' || !b.text) return 'Bad Request: BUTTON_TEXT_INVALID';
    if (typeof b.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(b.url)) return 'Bad Request: BUTTON_URL_INVALID';
  }
  return buttons as { text: string; url: string }[];
}

export async function startFakeTelegram(token = TELEGRAM_TOKEN): Promise<FakeTelegram> {
  const messages: TelegramMessage[] = [];
  const refused: { status: number; description: string }[] = [];
  const hanging = new Set<ServerResponse>();
  let failure: TelegramFailure | null = null;
  const botId = Number(token.split(':')[0]);

  function answer(res: ServerResponse, status: number, body: object): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
  function fail(res: ServerResponse, status: number, description: string, parameters?: object): void {
    if (status !== 429 && status !== 403 && status !== 500) refused.push({ status, description });
    answer(res, status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const m = /^\/bot(\d+:[A-Za-z0-9_-]{30,64})\/([A-Za-z]+)$/.exec(req.url ?? '');
    if (!m || m[1] !== token) return fail(res, m ? 401 : 404, m ? 'Unauthorized' : 'Not Found');
    if (m[2] !== 'sendMessage') return fail(res, 404, 'Not Found');
    if (req.method !== 'POST' || !/^application\/json\b/.test(req.headers['content-type'] ?? '')) return fail(res, 400, 'Bad Request: message text is empty');
    if (failure?.status === 'hang') return void hanging.add(res);
    if (failure?.status === 429) return fail(res, 429, `Too Many Requests: retry after ${failure.retryAfterS}`, { retry_after: failure.retryAfterS });
    if (failure?.status === 403) return fail(res, 403, 'Forbidden: bot was blocked by the user');
    if (failure?.status === 500) return fail(res, 500, 'Internal Server Error');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return fail(res, 400, "Bad Request: can't parse JSON");
    }
    const chatId = body.chat_id;
    if (!(Number.isSafeInteger(chatId) || (typeof chatId === 'string' && /^(-?\d+|@[A-Za-z0-9_]{5,32})$/.test(chatId)))) return fail(res, 400, 'Bad Request: chat not found');
    if (typeof body.text !== 'string' || !body.text.trim()) return fail(res, 400, 'Bad Request: message text is empty');
    if (body.parse_mode !== 'HTML') return fail(res, 400, 'Bad Request: unsupported parse_mode (this fake expects HTML)');
    const parsed = parseTelegramHtml(body.text);
    if ('error' in parsed) return fail(res, 400, parsed.error);
    if (parsed.text.length > MAX_TEXT_CHARS) return fail(res, 400, 'Bad Request: message is too long');
    const buttons = body.reply_markup === undefined ? [] : checkButtons(body.reply_markup);
    if (typeof buttons === 'string') return fail(res, 400, buttons);
    messages.push({ chatId: chatId as number | string, text: parsed.text, html: body.text, buttons, body });
    answer(res, 200, {
      ok: true,
      result: {
        message_id: messages.length,
        from: { id: botId, is_bot: true, first_name: 'Pantau', username: 'pantau_bot' },
        chat: { id: chatId, type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: parsed.text
      }
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => fail(res, 500, err.message));
  });
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    messages,
    refused,
    failWith(f) {
      failure = f;
    },
    async close() {
      await closeFake(server, hanging);
    }
  };
}
