/**
 * Teams and their rota shifts in PostgreSQL (the people half is store.ts). Shifts may overlap: the
 * latest-starting one wins (notify/rota.ts), so a swap is "add the replacement", no editing needed.
 */
import type pg from 'pg';
import type { RotaShift } from '../../core/people';
import type { ShiftInput, TeamInput } from '../../schemas/people';
import { sayWith } from '../../schemas/reason';
import { checkRevision, inChange, refusal, type Actor, type ChangeResult } from './change';
import { rowToShift, rowToTeam, type ShiftRow, type TeamRecord, type TeamRow } from './rows';

export interface TeamStore {
  listTeams(): Promise<TeamRecord[]>;
  createTeam(actor: Actor, team: TeamInput): Promise<ChangeResult<TeamRecord>>;
  updateTeam(actor: Actor, id: string, team: TeamInput, revision?: number): Promise<ChangeResult<TeamRecord>>;
  /** With its shifts. */
  deleteTeam(actor: Actor, id: string): Promise<ChangeResult<{ id: string }>>;
  /** The team's shifts overlapping [from, until). */
  listShifts(teamId: string, from: number, until: number): Promise<RotaShift[]>;
  addShift(actor: Actor, teamId: string, shift: ShiftInput): Promise<ChangeResult<RotaShift>>;
  removeShift(actor: Actor, teamId: string, shiftId: number): Promise<ChangeResult<{ id: number }>>;
}

const INSERT_TEAM = `INSERT INTO teams (id, name_id, name_en, kinds, districts, lead_person_id, backup_after_min, lead_after_min, updated_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const UPDATE_TEAM = `UPDATE teams SET name_id = $2, name_en = $3, kinds = $4, districts = $5, lead_person_id = $6, backup_after_min = $7,
  lead_after_min = $8, updated_by = $9, updated_at = now(), revision = revision + 1 WHERE id = $1`;

function teamParams(t: TeamInput, user: string): unknown[] {
  return [t.id, t.name.id, t.name.en, t.kinds, t.districts, t.leadPersonId ?? null, t.backupAfterMin, t.leadAfterMin, user];
}

async function teamIn(db: pg.PoolClient | pg.Pool, id: string): Promise<TeamRecord | null> {
  const row = (await db.query<TeamRow>('SELECT * FROM teams WHERE id = $1', [id])).rows[0];
  return row ? rowToTeam(row) : null;
}

const noTeam = (id: string) => refusal(404, sayWith('noTeam', { id: id.slice(0, 64) }));

async function checkLead(db: pg.PoolClient, t: TeamInput) {
  if (!t.leadPersonId) return null;
  const found = (await db.query('SELECT 1 FROM people WHERE id = $1', [t.leadPersonId])).rowCount === 1;
  return found ? null : refusal(400, `leadPersonId: ${sayWith('noPerson', { id: t.leadPersonId })}`);
}

export function createTeamStore(pool: pg.Pool): TeamStore {
  return {
    listTeams: async () => (await pool.query<TeamRow>('SELECT * FROM teams ORDER BY id')).rows.map(rowToTeam),
    createTeam: (actor, team) =>
      inChange(pool, async (db) => {
        if (await teamIn(db, team.id)) return refusal(409, sayWith('teamExists', { id: team.id }));
        const bad = await checkLead(db, team);
        if (bad) return bad;
        await db.query(INSERT_TEAM, teamParams(team, actor.user));
        return { ok: true, value: (await teamIn(db, team.id))! };
      }),
    updateTeam: (actor, id, team, revision) =>
      inChange(pool, async (db) => {
        const row = (await db.query<TeamRow>('SELECT * FROM teams WHERE id = $1 FOR UPDATE', [id])).rows[0];
        if (!row) return noTeam(id);
        const problem = checkRevision('team', id, row.revision, revision) ?? (await checkLead(db, team));
        if (problem) return problem;
        await db.query(UPDATE_TEAM, teamParams({ ...team, id }, actor.user));
        return { ok: true, value: (await teamIn(db, id))! };
      }),
    deleteTeam: (_actor, id) =>
      inChange(pool, async (db) => {
        const gone = await db.query('DELETE FROM teams WHERE id = $1', [id]);
        return gone.rowCount === 1 ? { ok: true, value: { id } } : noTeam(id);
      }),
    listShifts: async (teamId, from, until) =>
      (
        await pool.query<ShiftRow>('SELECT * FROM rota_shifts WHERE team_id = $1 AND ends_at > $2 AND starts_at < $3 ORDER BY starts_at, id', [
          teamId,
          new Date(from),
          new Date(until)
        ])
      ).rows.map(rowToShift),
    addShift: (_actor, teamId, s) =>
      inChange(pool, async (db) => {
        if (!(await teamIn(db, teamId))) return noTeam(teamId);
        if ((await db.query('SELECT 1 FROM people WHERE id = $1', [s.personId])).rowCount !== 1) return refusal(400, `personId: ${sayWith('noPerson', { id: s.personId })}`);
        const row = await db.query<ShiftRow>('INSERT INTO rota_shifts (team_id, person_id, role, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
          teamId,
          s.personId,
          s.role,
          new Date(s.start),
          new Date(s.end)
        ]);
        return { ok: true, value: rowToShift(row.rows[0]) };
      }),
    removeShift: (_actor, teamId, shiftId) =>
      inChange(pool, async (db) => {
        const gone = await db.query('DELETE FROM rota_shifts WHERE id = $1 AND team_id = $2', [shiftId, teamId]);
        return gone.rowCount === 1 ? { ok: true, value: { id: shiftId } } : refusal(404, sayWith('noShift', { team: teamId, shift: shiftId }));
      })
  };
}
