import type { RequestHandler } from './$types';
import { parsePerson } from '$lib/schemas/people';
import { finish, guard, invalid, loginProblems, readBody, reply } from '$lib/server/people/http';
import { redactPerson } from '$lib/server/people/rows';

const DAY_MS = 86_400_000;

/** The directory for admins: every person (inactive too) with channels (push keys left out), teams, shifts from a day ago to two weeks ahead. */
export const GET: RequestHandler = async (event) => {
  const g = await guard(event, 'list');
  if (!g.ok) return g.response;
  const now = Date.now();
  const d = await g.store.read({ shiftsFrom: now - DAY_MS, shiftsUntil: now + 14 * DAY_MS });
  return reply({ version: d.version, people: d.people.map(redactPerson), teams: d.teams, shifts: d.shifts });
};

/** `{ person: {id, name, language?, user?, active?, quietHours?}, reason? }` */
export const POST: RequestHandler = async (event) => {
  const g = await guard(event, 'create');
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const input = b.body.person as { id?: unknown } | undefined;
  const target = typeof input?.id === 'string' ? input.id.slice(0, 64) : '';
  const person = parsePerson(input);
  if (!person.ok) return invalid(g, 'create', target, person.errors);
  const login = loginProblems(person.value.user);
  if (login.length > 0) return invalid(g, 'create', target, login);
  const result = await g.store.createPerson(g.actor, person.value);
  const detail = b.reason || `person ${person.value.name} (${person.value.language})`;
  return finish(g, 'create', person.value.id, detail, result.ok ? { ...result, value: redactPerson(result.value) } : result, 'person', 201);
};
