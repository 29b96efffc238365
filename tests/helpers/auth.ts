import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../src/lib/server/auth/password';
import type { UserRole } from '../../src/lib/server/auth/roles';
import { createSessionToken, passwordHashDigest, SESSION_COOKIE, SESSION_TTL_MS } from '../../src/lib/server/auth/session';

export interface TestUser {
  user: string;
  role: UserRole;
  password: string;
  hash: string;
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
  const withPasswords = await Promise.all(
    users.map(async (u) => ({ ...u, password: `${u.user}-password-1`, hash: await hashPassword(`${u.user}-password-1`) }))
  );
  const records = withPasswords.map(({ user, role, hash }) => ({ user, role, hash }));
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

/**
 * A session cookie signed with the test secret, for servers without the login endpoint (a hub on a
 * bare http.Server). The hub verifies it exactly like one from /login.
 */
export function sessionCookieFor(auth: TestAuth, user: string): string {
  const record = auth.users.find((u) => u.user === user);
  if (!record) throw new Error(`no test user ${user}`);
  const token = createSessionToken(auth.env.PANTAU_SESSION_SECRET, { user, exp: Date.now() + SESSION_TTL_MS, h: passwordHashDigest(record.hash) });
  return `${SESSION_COOKIE}=${token}`;
}
