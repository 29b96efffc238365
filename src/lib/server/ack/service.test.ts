import { describe, expect, it } from 'vitest';
import { signAckToken } from '../../notify/ack-token';
import type { AuditEntry } from '../auth/audit';
import { testAlert } from '../alert-fixtures';
import type { AckLinkStore } from './link-store';
import { createAckService } from './service';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const NOW = 1_000_000;
const alert = testAlert('s1:flood_level:1', 1);
const token = signAckToken(SECRET, { alertId: alert.id, personId: 'sari', exp: NOW + 60_000, jti: 'email.x1' });

/** A link store whose database is away: every call fails the way pg does when the server restarts. */
function storeDown(failOn: ReadonlySet<keyof AckLinkStore>): AckLinkStore {
  const down = () => Promise.reject(new Error('Connection terminated unexpectedly'));
  return {
    person: (id) => (failOn.has('person') ? down() : Promise.resolve({ id, name: 'Sari', active: true })),
    usedAt: () => (failOn.has('usedAt') ? down() : Promise.resolve(null)),
    claim: () => (failOn.has('claim') ? down() : Promise.resolve(true)),
    release: () => Promise.resolve()
  } as AckLinkStore;
}

function service(store: AckLinkStore) {
  const audit: AuditEntry[] = [];
  let acted = 0;
  const hub = { alert: () => alert, actAs: async () => (acted++, { ok: false as const, error: 'not in this test' }) };
  return { svc: createAckService({ secret: SECRET, store, hub, audit: (e) => audit.push(e), now: () => NOW }), audit, acted: () => acted };
}

describe('acknowledge links while the database is away', () => {
  it('the page says try again (not a server error) and nothing is acknowledged', async () => {
    const { svc, audit, acted } = service(storeDown(new Set(['person'])));
    expect(await svc.inspect(token, '10.0.0.1')).toEqual({ status: 'failed' });
    expect(await svc.accept(token, '10.0.0.1')).toEqual({ status: 'failed' });
    expect(acted()).toBe(0);
    expect(audit.every((e) => !e.ok && /Connection terminated/.test(e.detail))).toBe(true);
  });

  it('a link that cannot be marked used is not acted on', async () => {
    const { svc, acted } = service(storeDown(new Set(['claim'])));
    expect(await svc.accept(token, '10.0.0.1')).toEqual({ status: 'failed' });
    expect(acted()).toBe(0);
  });
});
