import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeFake, listenLocal, readBody } from './fake-server';

/**
 * A local stand-in for the WhatsApp Business Cloud API (Graph API `POST /<version>/<phone-number-id>/messages`),
 * because the real one cannot be reached from the test machine. It checks each request against the
 * documented shape of a template message and answers as the Graph API does:
 *   Authorization `Bearer <token>` (else 401, code 190), Content-Type application/json, the configured phone
 *   number id (else 400, code 100 / subcode 33), `messaging_product: "whatsapp"`, `to` as digits, `type: "template"`,
 *   `template.name` and `template.language.code` of an approved template (else 132001), a `body` component whose
 *   `text` parameters match the template's count (else 132000) and carry no newline, tab or 5 spaces (else 132018).
 * Success: `{messaging_product, contacts: [{input, wa_id}], messages: [{id: "wamid.…"}]}`.
 * `failWith()` answers with one of WHATSAPP_ERRORS (rate limit, server error, re-engagement window, undeliverable) or hangs.
 */

export const WHATSAPP_TOKEN = 'EAAGtestWhatsAppCloudApiToken0123456789';
export const WHATSAPP_PHONE_NUMBER_ID = '106540352242922';
export const WHATSAPP_VERSION = 'v21.0';

/** Approved templates: name → language codes and the number of body parameters. */
export type TemplateCatalog = Record<string, { languages: string[]; bodyParams: number }>;
export const DEFAULT_TEMPLATES: TemplateCatalog = { pantau_alert: { languages: ['id', 'en'], bodyParams: 3 } };

export interface GraphError {
  status: number;
  code: number;
  message: string;
}

/** Graph API errors as documented for the Cloud API (error codes page). */
export const WHATSAPP_ERRORS = {
  rateLimit: { status: 429, code: 130429, message: '(#130429) Rate limit hit' },
  serverError: { status: 500, code: 131000, message: '(#131000) Something went wrong' },
  reengagement: { status: 400, code: 131047, message: '(#131047) Re-engagement message' },
  undeliverable: { status: 400, code: 131026, message: '(#131026) Message undeliverable' }
} as const satisfies Record<string, GraphError>;

export interface WhatsAppMessage {
  to: string;
  template: string;
  language: string;
  /** The body parameters' texts, in order. */
  params: string[];
  body: Record<string, unknown>;
}

export interface FakeWhatsApp {
  /** What WHATSAPP_API_URL takes: `http://127.0.0.1:<port>/v21.0`. */
  url: string;
  token: string;
  phoneNumberId: string;
  messages: WhatsAppMessage[];
  refused: GraphError[];
  failWith(failure: GraphError | { status: 'hang' } | null): void;
  close(): Promise<void>;
}

/** The template part of a request: the message parameters, or the Graph error it earns. */
export function checkTemplate(t: unknown, templates: TemplateCatalog): { name: string; language: string; params: string[] } | GraphError {
  const bad = (code: number, message: string): GraphError => ({ status: 400, code, message });
  const tpl = t as { name?: unknown; language?: { code?: unknown }; components?: unknown };
  if (typeof tpl?.name !== 'string') return bad(100, '(#100) The parameter template[name] is required.');
  if (typeof tpl.language?.code !== 'string') return bad(100, '(#100) The parameter template[language][code] is required.');
  const known = templates[tpl.name];
  if (!known || !known.languages.includes(tpl.language.code)) return bad(132001, '(#132001) Template name does not exist in the translation');
  const components = Array.isArray(tpl.components) ? (tpl.components as { type?: unknown; parameters?: unknown }[]) : [];
  if (components.some((c) => !['header', 'body', 'button'].includes(c?.type as string))) return bad(100, '(#100) Invalid parameter');
  const params = (components.find((c) => c.type === 'body')?.parameters ?? []) as { type?: unknown; text?: unknown }[];
  if (!Array.isArray(params) || params.length !== known.bodyParams) return bad(132000, '(#132000) Number of parameters does not match the expected number of params');
  for (const p of params) {
    if (p?.type !== 'text' || typeof p.text !== 'string' || !p.text) return bad(100, '(#100) Invalid parameter');
    if (/[\n\t]| {5}/.test(p.text) || p.text.length > 1024) return bad(132018, '(#132018) There was an issue with the parameters in your template.');
  }
  return { name: tpl.name, language: tpl.language.code, params: params.map((p) => p.text as string) };
}

export async function startFakeWhatsApp(templates: TemplateCatalog = DEFAULT_TEMPLATES): Promise<FakeWhatsApp> {
  const messages: WhatsAppMessage[] = [];
  const refused: GraphError[] = [];
  const hanging = new Set<ServerResponse>();
  let failure: GraphError | { status: 'hang' } | null = null;

  function answer(res: ServerResponse, status: number, body: object): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
  function fail(res: ServerResponse, e: GraphError, counted = true, extra: object = {}): void {
    if (counted) refused.push(e);
    const type = e.code === 190 ? 'OAuthException' : e.code === 100 ? 'GraphMethodException' : 'OAuthException';
    answer(res, e.status, { error: { message: e.message, type, code: e.code, ...extra, fbtrace_id: randomBytes(9).toString('base64url') } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const m = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return fail(res, { status: 400, code: 100, message: 'Unknown path components' });
    if (req.headers.authorization !== `Bearer ${WHATSAPP_TOKEN}`)
      return fail(res, { status: 401, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    if (m[2] !== WHATSAPP_PHONE_NUMBER_ID)
      return fail(res, { status: 400, code: 100, message: `Unsupported post request. Object with ID '${m[2]}' does not exist` }, true, { error_subcode: 33 });
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return fail(res, { status: 400, code: 100, message: '(#100) The parameter messaging_product is required.' });
    if (failure?.status === 'hang') return void hanging.add(res);
    if (failure) return fail(res, failure, false, failure.status === 429 ? {} : { error_data: { messaging_product: 'whatsapp', details: failure.message } });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return fail(res, { status: 400, code: 100, message: '(#100) Invalid JSON' });
    }
    if (body.messaging_product !== 'whatsapp') return fail(res, { status: 400, code: 100, message: '(#100) The parameter messaging_product is required.' });
    if (typeof body.to !== 'string' || !/^\d{8,15}$/.test(body.to)) return fail(res, { status: 400, code: 100, message: '(#100) Invalid parameter: to' });
    if (body.type !== 'template') return fail(res, { status: 400, code: 100, message: '(#100) This fake expects type "template" (outside the 24 h window only templates reach a person)' });
    const t = checkTemplate(body.template, templates);
    if ('code' in t) return fail(res, t);
    messages.push({ to: body.to, template: t.name, language: t.language, params: t.params, body });
    answer(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: body.to }],
      messages: [{ id: `wamid.${randomBytes(24).toString('base64url')}`, message_status: 'accepted' }]
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => fail(res, { status: 500, code: 1, message: err.message }));
  });
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}/${WHATSAPP_VERSION}`,
    token: WHATSAPP_TOKEN,
    phoneNumberId: WHATSAPP_PHONE_NUMBER_ID,
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
