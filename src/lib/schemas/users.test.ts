import { describe, it, expect } from 'vitest';
import { UsersFileSchema } from './users';
import { check } from './issues';

// A real scrypt hash format (n=16384, r=8, p=1, 16-byte salt, 32-byte key); the key need not match any password here.
const hash = `scrypt$16384$8$1$${Buffer.alloc(16, 1).toString('base64url')}$${Buffer.alloc(32, 2).toString('base64url')}`;
const problems = (value: unknown) => {
  const r = check(UsersFileSchema, typeof value === 'string' ? value : JSON.stringify(value), { root: 'PANTAU_USERS' });
  return r.ok ? [] : r.errors;
};

describe('UsersFileSchema', () => {
  it('accepts people with a role and a hash from npm run hash-password', () => {
    const r = check(UsersFileSchema, JSON.stringify([{ user: 'sari', role: 'responder', hash }, { user: 'budi.s@bpbd', role: 'admin', hash }]));
    expect(r.ok && r.value.map((u) => u.user)).toEqual(['sari', 'budi.s@bpbd']);
  });

  const refused: Array<[string, unknown, string]> = [
    ['text that is not JSON', '[{', 'PANTAU_USERS: is not JSON'],
    ['an object instead of a list', { sari: hash }, 'PANTAU_USERS: must be a JSON array'],
    ['an entry that is not an object', ['sari'], 'PANTAU_USERS[0]: must be an object'],
    ['a name with a space', [{ user: 'a b', role: 'admin', hash }], 'PANTAU_USERS[0]: user must be 1–64 letters, digits or . _ @ -'],
    ['a name too long', [{ user: 'x'.repeat(65), role: 'admin', hash }], 'PANTAU_USERS[0]: user must be 1–64 letters, digits or . _ @ -'],
    ['an unknown role', [{ user: 'sari', role: 'king', hash }], 'PANTAU_USERS[0]: role must be operator, responder, engineer, admin'],
    ['a role no person can have', [{ user: 'sari', role: 'kiosk', hash }], 'PANTAU_USERS[0]: role must be operator, responder, engineer, admin'],
    ['a plain-text password', [{ user: 'sari', role: 'admin', hash: 'geheim' }], 'PANTAU_USERS[0]: hash must come from `npm run hash-password`'],
    ['no hash', [{ user: 'sari', role: 'admin' }], 'PANTAU_USERS[0]: hash is required'],
    ['the same person twice', [{ user: 'sari', role: 'admin', hash }, { user: 'sari', role: 'operator', hash }], 'PANTAU_USERS[1]: user sari appears twice']
  ];

  it.each(refused)('refuses %s, saying where', (_name, value, expected) => {
    const found = problems(value);
    expect(found).toHaveLength(1);
    expect(found[0].startsWith(expected), found[0]).toBe(true);
  });
});
