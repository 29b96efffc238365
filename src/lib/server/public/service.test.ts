import { describe, expect, it } from 'vitest';
import { loadWebConfig } from '../config';
import { allowPublicRequest } from './service';

describe('the public page budget per address', () => {
  it('counts an IPv6 host by its /64: rotating through the prefix does not buy a fresh burst', () => {
    const { burst } = loadWebConfig().publicData;
    const now = 1_000_000;
    const taken = Array.from({ length: burst + 3 }, (_, i) => allowPublicRequest(`2001:db8:1:2::${(i + 1).toString(16)}`, now));
    // was: every one allowed (each address of the /64 had its own budget)
    expect(taken.filter(Boolean)).toHaveLength(burst);
    expect(taken.slice(burst)).toEqual([false, false, false]);
    expect(allowPublicRequest('2001:db8:1:3::1', now)).toBe(true);
    expect(allowPublicRequest('203.0.113.9', now)).toBe(true);
  });
});
