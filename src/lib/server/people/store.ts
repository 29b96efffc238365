/**
 * The people directory in PostgreSQL: people with their channels and subscriptions (this file),
 * teams and rota shifts (team-store.ts). Inputs arrive checked by the schemas (schemas/people.ts);
 * this layer adds what needs the database: existence, revisions, uniqueness. Every change bumps the
 * directory version in its own transaction (change.ts).
 */
import type pg from 'pg';
import type { PersonChannel, Subscription } from '../../core/people';
import type { ChannelInput, PersonInput, SubscriptionInput } from '../../schemas/people';
import { sayWith } from '../../schemas/reason';
import { checkRevision, inChange, refusal, type Actor, type ChangeResult } from './change';
import { directoryVersion, readDirectory, type DirectoryRecords, type ReadOptions } from './directory';
import { rowToChannel, rowToPerson, rowToSubscription, type ChannelRow, type PersonRecord, type PersonRow, type SubscriptionRow } from './rows';
import { createTeamStore, type TeamStore } from './team-store';

export type { Actor, ChangeResult };

export interface PeopleStore extends TeamStore {
  version(): Promise<number>;
  /** The whole directory for the admin page: inactive people too, shifts in the window asked for. */
  read(opts?: ReadOptions): Promise<DirectoryRecords>;
  getPerson(id: string): Promise<PersonRecord | null>;
  createPerson(actor: Actor, person: PersonInput): Promise<ChangeResult<PersonRecord>>;
  /** Replaces the person's fields (not the id); `revision` when given must be the current one. */
  updatePerson(actor: Actor, id: string, person: PersonInput, revision?: number): Promise<ChangeResult<PersonRecord>>;
  /** With their channels, subscriptions and shifts; teams they led keep no lead. */
  deletePerson(actor: Actor, id: string): Promise<ChangeResult<{ id: string }>>;
  addChannel(actor: Actor, personId: string, channel: ChannelInput): Promise<ChangeResult<PersonChannel>>;
  updateChannel(actor: Actor, personId: string, channelId: number, changes: { rank?: number; enabled?: boolean }): Promise<ChangeResult<PersonChannel>>;
  removeChannel(actor: Actor, personId: string, channelId: number): Promise<ChangeResult<{ id: number }>>;
  addSubscription(actor: Actor, personId: string, subscription: SubscriptionInput): Promise<ChangeResult<Subscription>>;
  removeSubscription(actor: Actor, personId: string, subscriptionId: number): Promise<ChangeResult<{ id: number }>>;
}

const INSERT_PERSON = `INSERT INTO people (id, name, language, login_user, active, quiet_start, quiet_end, updated_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`;
const UPDATE_PERSON = `UPDATE people SET name = $2, language = $3, login_user = $4, active = $5, quiet_start = $6, quiet_end = $7,
  updated_by = $8, updated_at = now(), revision = revision + 1 WHERE id = $1 RETURNING *`;

function personParams(p: PersonInput, user: string): unknown[] {
  return [p.id, p.name, p.language, p.user ?? null, p.active, p.quietHours?.startMin ?? null, p.quietHours?.endMin ?? null, user];
}

async function personIn(db: pg.PoolClient | pg.Pool, id: string): Promise<PersonRecord | null> {
  const row = (await db.query<PersonRow>('SELECT * FROM people WHERE id = $1', [id])).rows[0];
  if (!row) return null;
  const channels = (await db.query<ChannelRow>('SELECT * FROM person_channels WHERE person_id = $1 ORDER BY rank, id', [id])).rows;
  const subscriptions = (await db.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE person_id = $1 ORDER BY id', [id])).rows;
  return rowToPerson(row, channels, subscriptions);
}

const noPerson = (id: string) => refusal(404, sayWith('noPerson', { id: id.slice(0, 64) }));

async function requirePerson(db: pg.PoolClient, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM people WHERE id = $1', [id])).rowCount === 1;
}

export function createPeopleStore(pool: pg.Pool): PeopleStore {
  return {
    ...createTeamStore(pool),
    version: () => directoryVersion(pool),
    read: (opts) => readDirectory(pool, { includeInactive: true, ...opts }),
    getPerson: (id) => personIn(pool, id),
    createPerson: (actor, person) =>
      inChange(pool, async (db) => {
        if (await requirePerson(db, person.id)) return refusal(409, sayWith('personExists', { id: person.id }));
        await db.query(INSERT_PERSON, personParams(person, actor.user));
        return { ok: true, value: (await personIn(db, person.id))! };
      }),
    updatePerson: (actor, id, person, revision) =>
      inChange(pool, async (db) => {
        const row = (await db.query<PersonRow>('SELECT * FROM people WHERE id = $1 FOR UPDATE', [id])).rows[0];
        if (!row) return noPerson(id);
        const stale = checkRevision('person', id, row.revision, revision);
        if (stale) return stale;
        await db.query(UPDATE_PERSON, personParams({ ...person, id }, actor.user));
        return { ok: true, value: (await personIn(db, id))! };
      }),
    deletePerson: (_actor, id) =>
      inChange(pool, async (db) => {
        const gone = await db.query('DELETE FROM people WHERE id = $1', [id]);
        return gone.rowCount === 1 ? { ok: true, value: { id } } : noPerson(id);
      }),
    addChannel: (_actor, personId, c) =>
      inChange(pool, async (db) => {
        if (!(await requirePerson(db, personId))) return noPerson(personId);
        const row = await db.query<ChannelRow>('INSERT INTO person_channels (person_id, kind, address, rank, enabled) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
          personId,
          c.kind,
          JSON.stringify(c.address),
          c.rank,
          c.enabled
        ]);
        return { ok: true, value: rowToChannel(row.rows[0]) };
      }),
    updateChannel: (_actor, personId, channelId, changes) =>
      inChange(pool, async (db) => {
        const row = await db.query<ChannelRow>(
          'UPDATE person_channels SET rank = COALESCE($3, rank), enabled = COALESCE($4, enabled) WHERE id = $1 AND person_id = $2 RETURNING *',
          [channelId, personId, changes.rank ?? null, changes.enabled ?? null]
        );
        return row.rows[0] ? { ok: true, value: rowToChannel(row.rows[0]) } : refusal(404, sayWith('noChannel', { person: personId, channel: channelId }));
      }),
    removeChannel: (_actor, personId, channelId) =>
      inChange(pool, async (db) => {
        const gone = await db.query('DELETE FROM person_channels WHERE id = $1 AND person_id = $2', [channelId, personId]);
        return gone.rowCount === 1 ? { ok: true, value: { id: channelId } } : refusal(404, sayWith('noChannel', { person: personId, channel: channelId }));
      }),
    addSubscription: (_actor, personId, s) =>
      inChange(pool, async (db) => {
        if (!(await requirePerson(db, personId))) return noPerson(personId);
        const row = await db.query<SubscriptionRow>(
          'INSERT INTO subscriptions (person_id, districts, kinds, categories, min_severity) VALUES ($1, $2, $3, $4, $5) RETURNING *',
          [personId, s.districts, s.kinds, s.categories, s.minSeverity]
        );
        return { ok: true, value: rowToSubscription(row.rows[0]) };
      }),
    removeSubscription: (_actor, personId, subscriptionId) =>
      inChange(pool, async (db) => {
        const gone = await db.query('DELETE FROM subscriptions WHERE id = $1 AND person_id = $2', [subscriptionId, personId]);
        return gone.rowCount === 1 ? { ok: true, value: { id: subscriptionId } } : refusal(404, sayWith('noSubscription', { person: personId, subscription: subscriptionId }));
      })
  };
}
