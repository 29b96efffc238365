import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { may } from '$lib/server/auth/roles';
import { getRegistry } from '$lib/server/registry/handle';
import { createPeopleStore } from '$lib/server/people/store';
import { redactPerson } from '$lib/server/people/rows';
import { DAY_MS, WEEK_DAYS, parseWitaDate, witaMidnight } from './rota-view';

/** Admins only; the page edits through /api/people and /api/teams and reloads this after each change. `?from=YYYY-MM-DD` picks the rota week (WITA). */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.role === 'anonymous' || locals.role === 'kiosk') redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  if (!may(locals.role, 'people')) error(403, 'forbidden');
  const now = Date.now();
  const from = parseWitaDate(url.searchParams.get('from')) ?? witaMidnight(now);
  const registry = await getRegistry();
  if (!registry) return { available: false as const, from, now, version: 0, people: [], teams: [], shifts: [], districts: [] };
  const d = await createPeopleStore(registry.pool).read({ shiftsFrom: from, shiftsUntil: from + WEEK_DAYS * DAY_MS });
  const districts = registry.current().catalog.districts.map((x) => x.name);
  return { available: true as const, from, now, version: d.version, people: d.people.map(redactPerson), teams: d.teams, shifts: d.shifts, districts };
};
