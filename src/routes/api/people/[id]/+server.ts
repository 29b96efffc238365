import type { RequestHandler } from './$types';
import { parsePerson } from '$lib/schemas/people';
import { finish, guard, invalid, loginProblems, readBody, refuse, reply } from '$lib/server/people/http';
import { changesProblems } from '$lib/server/people/route-checks';
import { redactPerson } from '$lib/server/people/rows';

export const GET: RequestHandler = async (event) => {
  const g = await guard(event, 'get', event.params.id);
  if (!g.ok) return g.response;
  const person = await g.store.getPerson(event.params.id);
  if (!person) return refuse(404, [`no person "${event.params.id.slice(0, 64)}" in the directory`], 'NOT_FOUND');
  return reply({ person: redactPerson(person) });
};

const EDITABLE = ['name', 'language', 'user', 'active', 'quietHours'];

/** `{ changes: {name?, language?, user?, active?, quietHours?}, revision?, reason? }`; null clears user or quietHours. */
export const PATCH: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'edit', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const problems = changesProblems('person', b.body.changes, EDITABLE);
  if (problems.length > 0) return invalid(g, 'edit', id, problems);
  // an object of editable fields: changesProblems said otherwise
  const changes = b.body.changes as Record<string, unknown>;
  const current = await g.store.getPerson(id);
  if (!current) return refuse(404, [`no person "${id.slice(0, 64)}" in the directory`], 'NOT_FOUND');
  const merged = { id, name: current.name, language: current.language, user: current.user, active: current.active, quietHours: current.quietHours, ...changes };
  const person = parsePerson(merged);
  if (!person.ok) return invalid(g, 'edit', id, person.errors);
  // Only a changed login is checked: a person linked before a user was removed can still be edited.
  const login = person.value.user !== current.user ? loginProblems(person.value.user) : [];
  if (login.length > 0) return invalid(g, 'edit', id, login);
  const result = await g.store.updatePerson(g.actor, id, person.value, b.body.revision as number | undefined);
  const detail = b.reason || `changed ${Object.keys(changes).join(', ')}`;
  return finish(g, 'edit', id, detail, result.ok ? { ...result, value: redactPerson(result.value) } : result, 'person');
};

/** `{ reason }`: the person with their channels, subscriptions and shifts. Deactivating (PATCH active: false) keeps them. */
export const DELETE: RequestHandler = async (event) => {
  const id = event.params.id;
  const g = await guard(event, 'delete', id);
  if (!g.ok) return g.response;
  const b = await readBody(event.request, true);
  if (!b.ok) return b.response;
  return finish(g, 'delete', id, b.reason, await g.store.deletePerson(g.actor, id), 'deleted');
};
