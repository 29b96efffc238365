/**
 * One change to the people directory: a transaction that takes the directory's write lock (the
 * `directory_state` row), does its work, and bumps the version the notifier and other command-center
 * instances poll, in the same commit. A refused change rolls back and bumps nothing. Constraint
 * violations the checks before could not see (two admins racing) come back as refusals, not 500s.
 */
import type pg from 'pg';
import type { RefusalCode } from '../../i18n/messages-refusal-id';
import { say, sayWith } from '../../schemas/reason';

export interface Actor {
  user: string;
  role: string;
}

export type Refusal = { ok: false; status: 400 | 404 | 409; errors: string[] };
export type ChangeResult<T> = { ok: true; value: T; version: number } | Refusal;

export const refusal = (status: Refusal['status'], ...errors: string[]): Refusal => ({ ok: false, status, errors });

/** What a database constraint means to the person who tripped it (coded: the audit log says it in either language). */
const CONSTRAINT_TEXT: Record<string, RefusalCode> = {
  people_pkey: 'personIdTaken',
  people_login_user_key: 'loginTaken',
  teams_pkey: 'teamIdTaken',
  person_channels_push_endpoint: 'pushEndpointTaken',
  teams_lead_person_id_fkey: 'leadNotPerson',
  rota_shifts_person_id_fkey: 'shiftPersonMissing',
  rota_shifts_team_id_fkey: 'noSuchTeam',
  person_channels_person_id_fkey: 'noSuchPerson',
  subscriptions_person_id_fkey: 'noSuchPerson'
};

function constraintRefusal(err: unknown): Refusal | null {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23505' && e.code !== '23503') return null;
  const code = Object.hasOwn(CONSTRAINT_TEXT, e.constraint ?? '') ? CONSTRAINT_TEXT[e.constraint!] : e.code === '23505' ? 'existsAlready' : 'refersToMissing';
  return refusal(e.code === '23505' ? 409 : 400, say(code));
}

export async function inChange<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<{ ok: true; value: T } | Refusal>): Promise<ChangeResult<T>> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    await db.query('SELECT version FROM directory_state FOR UPDATE');
    const result = await work(db);
    if (!result.ok) {
      await db.query('ROLLBACK');
      return result;
    }
    const v = await db.query<{ version: string }>('UPDATE directory_state SET version = version + 1 RETURNING version');
    await db.query('COMMIT');
    return { ok: true, value: result.value, version: Number(v.rows[0].version) };
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    const refused = constraintRefusal(err);
    if (refused) return refused;
    throw err;
  } finally {
    db.release();
  }
}

/** A stale edit: the row moved on since the admin loaded it. */
export function checkRevision(kind: 'person' | 'team', id: string, current: number, expected: number | undefined): Refusal | null {
  if (expected === undefined || expected === current) return null;
  // one code per kind: Indonesian says the kind in its own word ('orang', 'tim')
  return refusal(409, sayWith(kind === 'person' ? 'personChanged' : 'teamChanged', { id, current, expected }));
}
