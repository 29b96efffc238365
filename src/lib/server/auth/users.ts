import { readFileSync } from 'node:fs';
import { PantauError } from '../../core/errors';
import { isUserRole, type UserRole } from './roles';
import { parsePasswordHash } from './password';

/** One person from the users file: `{ "user": "sari", "role": "responder", "hash": "scrypt$…" }`. */
export interface UserRecord {
  user: string;
  role: UserRole;
  hash: string;
}

/** Same characters as display names elsewhere, without spaces: a user name is also an audit tag. */
export const USER_NAME_PATTERN = /^[\p{L}\p{N}._@-]{1,64}$/u;
const MAX_USERS = 10_000;

/** Validates the whole file; one bad entry refuses the file (a typo must not lock someone out silently). */
export function parseUsers(text: string): Map<string, UserRecord> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new PantauError('USERS_FILE', `users file is not JSON: ${(cause as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new PantauError('USERS_FILE', 'users file must be a JSON array');
  if (raw.length > MAX_USERS) throw new PantauError('USERS_FILE', `users file has more than ${MAX_USERS} entries`);
  const users = new Map<string, UserRecord>();
  raw.forEach((entry: { user?: unknown; role?: unknown; hash?: unknown }, i) => {
    const where = `users file entry ${i}`;
    if (typeof entry?.user !== 'string' || !USER_NAME_PATTERN.test(entry.user)) {
      throw new PantauError('USERS_FILE', `${where}: user must be 1–64 letters, digits or . _ @ -`);
    }
    if (!isUserRole(entry.role)) throw new PantauError('USERS_FILE', `${where} (${entry.user}): role must be operator, responder, engineer or admin`);
    if (typeof entry.hash !== 'string' || !parsePasswordHash(entry.hash)) {
      throw new PantauError('USERS_FILE', `${where} (${entry.user}): hash must come from \`npm run hash-password\``);
    }
    if (users.has(entry.user)) throw new PantauError('USERS_FILE', `${where}: user ${entry.user} appears twice`);
    users.set(entry.user, { user: entry.user, role: entry.role, hash: entry.hash });
  });
  return users;
}

export function loadUsers(path: string): Map<string, UserRecord> {
  if (!path) return new Map();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PantauError('USERS_FILE', `cannot read PANTAU_USERS file ${path}: ${(cause as Error).message}`);
  }
  return parseUsers(text);
}
