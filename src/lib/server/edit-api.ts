/**
 * What the edit APIs people use (the sensor registry, the people directory) share: answers that are
 * never cached, refusals as data (`{ok: false, code, errors}`, one line per problem), and the JSON body
 * with its `reason` (why a change was made, kept with it) and optional `revision` (a stale edit is refused).
 */
import { json } from '@sveltejs/kit';
import { parseReason } from './registry/model';
import { bodyTooLargeFrom } from './body-limit';

const NO_STORE = { 'cache-control': 'no-store' };

export function reply(body: unknown, status = 200): Response {
  return json(body, { status, headers: NO_STORE });
}

export function refuse(status: number, errors: string[], code: string): Response {
  return reply({ ok: false, code, errors }, status);
}

export type Body = { ok: true; body: Record<string, unknown>; reason: string } | { ok: false; response: Response };

/** A JSON object; `reason` required when asked, checked when given; `revision` a positive integer when present. */
export async function readBody(request: Request, needReason: boolean): Promise<Body> {
  let body: unknown;
  try {
    body = await request.json();
  } catch (err) {
    // A body sent without a length, cut by adapter-node at BODY_SIZE_LIMIT as it was read (the hook refuses declared ones).
    return { ok: false, response: bodyTooLargeFrom(err) ?? refuse(400, ['body must be JSON'], 'BAD_BODY') };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, response: refuse(400, ['body must be a JSON object'], 'BAD_BODY') };
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  let reason = '';
  if (needReason || b.reason !== undefined) {
    const r = parseReason(b.reason);
    if (r.ok) reason = r.reason;
    else errors.push(r.error);
  }
  if (b.revision !== undefined && !(Number.isInteger(b.revision) && (b.revision as number) > 0)) errors.push('revision must be a positive integer');
  if (errors.length > 0) return { ok: false, response: refuse(400, errors, 'INVALID') };
  return { ok: true, body: b, reason };
}
