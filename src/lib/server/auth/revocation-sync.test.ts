import { describe, expect, it } from 'vitest';
import { applyLogoutRows, logoutDetail, revocationsQuery } from './revocation-sync';
import { isSessionRevoked } from './revocations';

describe('revocation sync', () => {
  it('revokes the live sessions named in logout entries, and only those', () => {
    const rows = [
      { detail: logoutDetail('10.0.0.1', 'sync-live-1', 5_000) },
      { detail: logoutDetail('10.0.0.1', 'sync-expired', 500) },
      { detail: 'from 10.0.0.1' },
      { detail: "session x' OR 1=1 until 9" }
    ];
    expect(applyLogoutRows(rows, 1_000)).toBe(1);
    expect(isSessionRevoked('sync-live-1', 1_000)).toBe(true);
    expect(isSessionRevoked('sync-expired', 1_000)).toBe(false);
    expect(revocationsQuery()).toBe(`SELECT "detail" FROM "audit" WHERE "action" = 'logout' AND time > now() - 12h`);
    expect(revocationsQuery('"pantau"."events"."audit"')).toBe(`SELECT "detail" FROM "pantau"."events"."audit" WHERE "action" = 'logout' AND time > now() - 12h`);
  });
});
