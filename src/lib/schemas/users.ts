/**
 * The PANTAU_USERS file: a JSON array of `{ "user", "role", "hash" }`. Server-only (it checks hashes
 * with the server's scrypt parser); the whole file is refused on any mistake, since a typo must not
 * lock someone out silently.
 */
import * as v from 'valibot';
import { USER_ROLES } from '../server/auth/roles';
import { parsePasswordHash } from '../server/auth/password';
import { jsonObject, jsonText, listOf } from './common';

/** Same characters as display names elsewhere, without spaces: a user name is also an audit tag. */
export const USER_NAME_PATTERN = /^[\p{L}\p{N}._@-]{1,64}$/u;
export const MAX_USERS = 10_000;

const hashMessage = 'must come from `npm run hash-password`';

export const UserSchema = jsonObject(
  {
    user: v.pipe(v.string('must be 1–64 letters, digits or . _ @ -'), v.regex(USER_NAME_PATTERN, 'must be 1–64 letters, digits or . _ @ -')),
    role: v.picklist(USER_ROLES, `must be ${USER_ROLES.join(', ')}`),
    hash: v.pipe(v.string(hashMessage), v.check((h) => parsePasswordHash(h) !== null, hashMessage))
  },
  'must be an object'
);

export const UsersFileSchema = jsonText(
  v.pipe(
    listOf(UserSchema, 'must be a JSON array', { max: MAX_USERS }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const seen = new Set<string>();
      dataset.value.forEach((entry, i) => {
        const path: [v.ArrayPathItem] = [{ type: 'array', origin: 'value', input: dataset.value, key: i, value: entry }];
        if (seen.has(entry.user)) addIssue({ message: `user ${entry.user} appears twice`, path });
        seen.add(entry.user);
      });
    })
  )
);
