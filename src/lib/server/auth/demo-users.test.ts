import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS, ensureDemoUsers } from './demo-users';
import { parseUsers } from './users';
import { verifyPassword } from './password';
import { parseAuthConfig } from './auth-config';

describe('ensureDemoUsers', () => {
  it('makes one user per role with working random passwords, owner-only, prints only where they are, and reuses them on the next start', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pantau-demo-'));
    try {
      const first = await ensureDemoUsers(dir);
      const users = parseUsers(await readFile(first.usersFile, 'utf8'));
      expect([...users.values()].map((u) => u.role).sort()).toEqual(DEMO_USERS.map((u) => u.role).sort());
      expect((await stat(first.usersFile)).mode & 0o077).toBe(0);
      const logins = await readFile(first.loginsFile, 'utf8');
      expect((await stat(first.loginsFile)).mode & 0o077).toBe(0);
      const password = /^\s+sari\s+responder\s+(\S+)$/m.exec(logins)![1];
      expect(await verifyPassword(password, users.get('sari')!.hash)).toBe(true);
      expect(logins).toContain(`/?kiosk=${first.kioskToken}`);
      expect(logins).toContain(`/wall/kiosk?kiosk=${first.kioskToken}`);
      // What is printed says where the secrets are, never the secrets.
      expect(first.printable).toContain(first.loginsFile);
      expect(first.printable).not.toContain(password);
      expect(first.printable).not.toContain(first.kioskToken);
      // The values pass the web's own config validation.
      const auth = parseAuthConfig({ PANTAU_USERS: first.usersFile, PANTAU_SESSION_SECRET: first.sessionSecret, PANTAU_KIOSK_TOKENS: first.kioskToken });
      expect(auth.kioskTokens).toEqual([first.kioskToken]);
      const second = await ensureDemoUsers(dir);
      expect(second).toEqual(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
