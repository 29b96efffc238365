import type { PageServerLoad } from './$types';
import { isUserRole } from '$lib/server/auth/roles';
import { loadWebConfig } from '$lib/server/config';
import { getRegistry } from '$lib/server/registry/handle';
import { findResponder, pushEndpointKeys, type Responder } from '$lib/server/people/push-subscriptions';

/** `found`: the login is a person in the directory; `missing`: it is not; `unavailable`: no database. */
export type DirectoryState = 'found' | 'missing' | 'unavailable' | 'anonymous';

/** Who the signed-in responder is in the people directory (their name and teams order the list). */
export const load: PageServerLoad = async ({ locals }) => {
  const pushConfigured = loadWebConfig().vapidPublicKey !== '';
  const answer = (directory: DirectoryState, responder: Responder | null = null, pushKeys: string[] = []) => ({ directory, responder, pushConfigured, pushKeys });
  if (!isUserRole(locals.role)) return answer('anonymous');
  const registry = await getRegistry();
  if (!registry) return answer('unavailable');
  try {
    const responder = await findResponder(registry.pool, locals.user);
    // Which of this browser's subscriptions reach the person: the toggle does not trust the browser alone.
    return responder ? answer('found', responder, await pushEndpointKeys(registry.pool, responder.personId)) : answer('missing');
  } catch (err) {
    console.error(`[app] cannot read the people directory: ${(err as Error).message}`);
    return answer('unavailable');
  }
};
