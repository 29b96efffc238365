import { describe, expect, it } from 'vitest';
import { verifyAckToken } from '../../../src/lib/notify/ack-token';
import { createLinkMaker } from './links';

const SECRET = 's'.repeat(40);

describe('links', () => {
  it('signs a per-message acknowledge link naming the channel; the command center verifies it', () => {
    const links = createLinkMaker('https://pantau.example.org', SECRET);
    const a = links.ackUrl('gl-01:flood_level:1', 'ani', 'email', 1_000, 900);
    const b = links.ackUrl('gl-01:flood_level:1', 'ani', 'email', 1_000, 900);
    expect(a).not.toBe(b);
    const token = a.slice('https://pantau.example.org/ack/'.length);
    const verdict = verifyAckToken(SECRET, token, 2_000);
    expect(verdict.ok && verdict.claims).toMatchObject({ alertId: 'gl-01:flood_level:1', personId: 'ani', version: 900, jti: expect.stringMatching(/^email\.[A-Za-z0-9_-]{16}$/) });
    expect(verifyAckToken('x'.repeat(40), token, 2_000).ok).toBe(false);
    expect(links.alertUrl('a:b c')).toBe('https://pantau.example.org/alerts?alert=a%3Ab%20c');
  });
});
