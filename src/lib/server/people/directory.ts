/**
 * The people directory as one consistent snapshot, for the notifier's dispatcher (which imports
 * `loadDirectory` and `directoryVersion` from this path) and the admin page. One REPEATABLE READ
 * transaction: the version read with it matches the rows, so a poller that sees the same version
 * later knows nothing changed.
 */
import type pg from 'pg';
import type { Directory, Person, RotaShift, Team } from '../../core/people';
import { byPerson, rowToPerson, rowToShift, rowToTeam, withoutMeta, type ChannelRow, type PersonRecord, type PersonRow, type ShiftRow, type SubscriptionRow, type TeamRecord, type TeamRow } from './rows';

/** Shifts that ended longer ago than this are history, not routing. */
export const SHIFT_HISTORY_MS = 24 * 3_600_000;

type Db = pg.Pool | pg.PoolClient;

export async function directoryVersion(db: Db): Promise<number> {
  return Number((await db.query<{ version: string }>('SELECT version FROM directory_state')).rows[0].version);
}

export interface DirectoryRecords {
  version: number;
  people: PersonRecord[];
  teams: TeamRecord[];
  shifts: RotaShift[];
}

export interface ReadOptions {
  /** Inactive people too (the admin page); the notifier reaches only active ones. */
  includeInactive?: boolean;
  /** Shifts ending after this (epoch ms); default now − 1 day. */
  shiftsFrom?: number;
  /** Shifts starting before this (epoch ms); default: no bound. */
  shiftsUntil?: number;
}

/** Every table read in one snapshot, with each person's and team's revision. */
export async function readDirectory(pool: pg.Pool, opts: ReadOptions = {}): Promise<DirectoryRecords> {
  const from = new Date(opts.shiftsFrom ?? Date.now() - SHIFT_HISTORY_MS);
  const until = opts.shiftsUntil === undefined ? null : new Date(opts.shiftsUntil);
  const activeOnly = opts.includeInactive ? '' : 'WHERE active';
  const ofPeople = opts.includeInactive ? '' : 'WHERE person_id IN (SELECT id FROM people WHERE active)';
  const db = await pool.connect();
  try {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version = await directoryVersion(db);
    const people = (await db.query<PersonRow>(`SELECT * FROM people ${activeOnly} ORDER BY name, id`)).rows;
    const channels = (await db.query<ChannelRow>(`SELECT * FROM person_channels ${ofPeople} ORDER BY person_id, rank, id`)).rows;
    const subscriptions = (await db.query<SubscriptionRow>(`SELECT * FROM subscriptions ${ofPeople} ORDER BY person_id, id`)).rows;
    const teams = (await db.query<TeamRow>('SELECT * FROM teams ORDER BY id')).rows;
    const shifts = (
      await db.query<ShiftRow>('SELECT * FROM rota_shifts WHERE ends_at > $1 AND ($2::timestamptz IS NULL OR starts_at < $2) ORDER BY team_id, starts_at, id', [from, until])
    ).rows;
    await db.query('COMMIT');
    const [channelsOf, subscriptionsOf] = [byPerson(channels), byPerson(subscriptions)];
    return {
      version,
      people: people.map((p) => rowToPerson(p, channelsOf.get(p.id), subscriptionsOf.get(p.id))),
      teams: teams.map(rowToTeam),
      shifts: shifts.map(rowToShift)
    };
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    db.release();
  }
}

/** What the dispatcher routes with: active people (channels by rank, subscriptions), teams, shifts ending after now − 1 day. */
export async function loadDirectory(pool: pg.Pool): Promise<Directory> {
  const r = await readDirectory(pool);
  return {
    version: r.version,
    people: r.people.map((p) => withoutMeta(p) as Person),
    teams: r.teams.map((t) => withoutMeta(t) as Team),
    shifts: r.shifts
  };
}
