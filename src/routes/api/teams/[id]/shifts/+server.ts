import type { RequestHandler } from './$types';
import { parseShift } from '$lib/schemas/people';
import { finish, guard, invalid, readBody, refuse, reply } from '$lib/server/people/http';

const DAY_MS = 86_400_000;
/** A window asked for is bounded: the rota page shows a week, an export a few months. */
const MAX_WINDOW_MS = 120 * DAY_MS;

/** `?from=&to=` (epoch ms or ISO with a zone; default: from 1 day ago to 7 days ahead). */
export const GET: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'shift-list', id);
  if (!g.ok) return g.response;
  const now = Date.now();
  const read = (name: string, fallback: number) => {
    const raw = event.url.searchParams.get(name);
    if (raw === null) return fallback;
    if (/^\d{1,15}$/.test(raw)) return Number(raw);
    // Without a zone a time would be read in the server's zone, not WITA: refused, as in the shift schema.
    return /^\d{4}-\d{2}-\d{2}T[^\s]{1,30}(Z|[+-]\d\d:?\d\d)$/.test(raw) ? Date.parse(raw) : Number.NaN;
  };
  const [from, to] = [read('from', now - DAY_MS), read('to', now + 7 * DAY_MS)];
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from || to - from > MAX_WINDOW_MS) {
    return refuse(400, ['from and to must be epoch ms or ISO times with a zone, to after from, at most 120 days apart'], 'INVALID');
  }
  return reply({ teamId: id, from, to, shifts: await g.store.listShifts(id, from, to) });
};

/** `{ shift: {personId, role: primary|backup, start, end}, reason? }` (times as epoch ms or ISO with a zone). */
export const POST: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'shift-add', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const shift = parseShift(b.body.shift);
  if (!shift.ok) return invalid(g, 'shift-add', id, shift.errors.map((e) => `shift: ${e}`));
  const s = shift.value;
  const detail = [`${s.personId} ${s.role} ${new Date(s.start).toISOString()} – ${new Date(s.end).toISOString()}`, b.reason].filter(Boolean).join(' — ');
  return finish(g, 'shift-add', id, detail, await g.store.addShift(g.actor, id, s), 'shift', 201);
};
