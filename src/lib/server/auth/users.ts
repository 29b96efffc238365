import { readFileSync } from 'node:fs';
import { PantauError } from '../../core/errors';
import type { UserRole } from './roles';
import { check } from '../../schemas/issues';
import { UsersFileSchema } from '../../schemas/users';

/** One person from the users file: `{ "user": "sari", "role": "responder", "hash": "scrypt$…" }`. */
export interface UserRecord {
  user: string;
  role: UserRole;
  hash: string;
}

export { USER_NAME_PATTERN } from '../../schemas/users';

/** Validates the whole file (src/lib/schemas/users.ts); one bad entry refuses the file, listing every problem. */
export function parseUsers(text: string): Map<string, UserRecord> {
  const checked = check(UsersFileSchema, text, { root: 'PANTAU_USERS' });
  if (!checked.ok) throw new PantauError('USERS_FILE', `users file is invalid:\n  ${checked.errors.join('\n  ')}`);
  return new Map(checked.value.map(({ user, role, hash }) => [user, { user, role, hash }]));
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
