import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../src/lib/server/auth/password';
import type { UserRole } from '../../src/lib/server/auth/roles';

export interface TestUser {
  user: string;
  role: UserRole;
  password: string;
}

export interface TestAuth {
  users: TestUser[];
  kioskToken: string;
  /** PANTAU_USERS, PANTAU_SESSION_SECRET, PANTAU_KIOSK_TOKENS for the web process. */
  env: Record<string, string>;
  /** Removes the temp dir with the users file. */
  cleanup(): Promise<void>;
}

/** Writes a users file (scrypt hashes) to a temp dir; each user's password is `<user>-password-1`. */
export async function createTestAuth(users: Array<{ user: string; role: UserRole }>): Promise<TestAuth> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pantau-auth-'));
  const withPasswords = users.map((u) => ({ ...u, password: `${u.user}-password-1` }));
  const records = await Promise.all(withPasswords.map(async (u) => ({ user: u.user, role: u.role, hash: await hashPassword(u.password) })));
  const usersFile = path.join(dir, 'users.json');
  await writeFile(usersFile, JSON.stringify(records), { mode: 0o600 });
  const kioskToken = randomBytes(18).toString('base64url');
  return {
    users: withPasswords,
    kioskToken,
    env: { PANTAU_USERS: usersFile, PANTAU_SESSION_SECRET: randomBytes(32).toString('base64url'), PANTAU_KIOSK_TOKENS: kioskToken },
    cleanup: () => rm(dir, { recursive: true, force: true })
  };
}

/** `name=value` of one Set-Cookie of a response, or null. */
export function cookieFrom(res: Response, name: string): string | null {
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(';')[0];
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return pair;
  }
  return null;
}

/** Logs in over the JSON endpoint and returns the Cookie header value (`pantau_session=…`). */
export async function login(baseUrl: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password })
  });
  const cookie = cookieFrom(res, 'pantau_session');
  if (res.status !== 200 || !cookie) throw new Error(`login as ${user} failed: ${res.status} ${await res.text()}`);
  return cookie;
}
