import { loadWebConfig } from '../config';
import { getServerAuth } from '../auth/server-auth';
import { findRealtimeHub } from '../hub-handle';
import { getRegistry } from '../registry/handle';
import { createKeyedBuckets } from '../rate-budget';
import { createAckLinkStore } from './link-store';
import { ACK_BURST, ACK_PER_S, createAckService, type AckService } from './service';

/** One budget per process, across requests (the service itself is cheap and follows the registry's pool). */
const budgets = createKeyedBuckets(ACK_BURST, ACK_PER_S);

/**
 * The acknowledge-link service for a request: `off` without PANTAU_ACK_SECRET (the route is a 404),
 * `unavailable` without the database that records used links or without the realtime hub (a 503).
 */
export async function getAckService(): Promise<AckService | 'off' | 'unavailable'> {
  const { ackSecret } = loadWebConfig();
  if (!ackSecret) return 'off';
  const registry = await getRegistry();
  const hub = findRealtimeHub();
  if (!registry || !hub) return 'unavailable';
  const { gate, audit } = getServerAuth();
  const roleOf = (user: string) => gate.users.get(user)?.role;
  return createAckService({ secret: ackSecret, store: createAckLinkStore(registry.pool), hub, roleOf, audit: audit.record, budgets });
}
