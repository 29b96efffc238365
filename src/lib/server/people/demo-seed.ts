/**
 * A small, clearly marked demo directory for `npm start`: four Samarinda agencies with on-call rotas,
 * so the people page and the notifier have something to show. Written only when the directory is
 * empty and the command center runs on its generated demo users (auth/demo-users.ts): a real
 * installation with its own PANTAU_USERS never gets invented people. Every address is under
 * `.example.invalid` (RFC 6761): nothing can ever be delivered to it.
 */
import type pg from 'pg';
import type { ChannelKind } from '../../core/people';
import type { SensorKind } from '../../core/sensor';
import { DEMO_USERS } from '../auth/demo-users';
import type { UserRecord } from '../auth/users';
import { inChange } from './change';
import { WITA_OFFSET_MS } from '../../core/wita';

export const DEMO_ACTOR = 'demo-seed';
/** Shifts change at 00:00, 08:00 and 16:00 WITA (UTC+8): 16:00, 00:00 and 08:00 UTC. */
export const SHIFT_MS = 8 * 3_600_000;
const ROTA_DAYS = 7;

interface DemoTeam {
  id: string;
  name: { id: string; en: string };
  kinds: SensorKind[];
  lead: [id: string, name: string];
  /** Who take turns on call, in order; the next one in the list is the backup. */
  rota: [id: string, name: string][];
}

const TEAMS: DemoTeam[] = [
  {
    id: 'bpbd',
    name: { id: 'BPBD Kota Samarinda (demo)', en: 'Samarinda disaster management agency, BPBD (demo)' },
    kinds: ['flood'],
    lead: ['hendra-bpbd', 'Hendra Saputra'],
    rota: [['sari', 'Sari Wulandari'], ['rizky-bpbd', 'Rizky Pratama'], ['dewi-bpbd', 'Dewi Lestari']]
  },
  {
    id: 'dishub',
    name: { id: 'Dinas Perhubungan (demo)', en: 'Transport agency, Dishub (demo)' },
    kinds: ['traffic'],
    lead: ['agus-dishub', 'Agus Salim'],
    rota: [['yusuf-dishub', 'Yusuf Maulana'], ['nurul-dishub', 'Nurul Hidayah'], ['andi-dishub', 'Andi Firmansyah']]
  },
  {
    id: 'dlh',
    name: { id: 'Dinas Lingkungan Hidup (demo)', en: 'Environment agency, DLH (demo)' },
    kinds: ['air'],
    lead: ['ratna-dlh', 'Ratna Kusumawati'],
    rota: [['fajar-dlh', 'Fajar Nugroho'], ['putri-dlh', 'Putri Amelia'], ['wahyu-dlh', 'Wahyu Hidayat']]
  },
  {
    id: 'pupr',
    name: { id: 'Dinas PUPR: banjir dan infrastruktur (demo)', en: 'Public works, PUPR: floods and infrastructure (demo)' },
    kinds: ['flood'],
    lead: ['bambang-pupr', 'Bambang Wijaya'],
    rota: [['indah-pupr', 'Indah Permata'], ['joko-pupr', 'Joko Susilo'], ['siti-pupr', 'Siti Rahmawati']]
  }
];

/** True when the users are exactly the generated demo users (names and roles). */
export function runsOnDemoUsers(users: ReadonlyMap<string, Pick<UserRecord, 'role'>>): boolean {
  return users.size === DEMO_USERS.length && DEMO_USERS.every((u) => users.get(u.user)?.role === u.role);
}

export interface DemoPerson {
  id: string;
  name: string;
  language: 'id' | 'en';
  user: string | null;
  quiet: [number, number] | null;
  email: string;
  kinds: SensorKind[];
}

/** The people of the demo: leads and rota members, every one reachable by a fake email. */
export function demoPeople(): DemoPerson[] {
  const demoLogins = new Set(DEMO_USERS.map((u) => u.user));
  return TEAMS.flatMap((t) =>
    [t.lead, ...t.rota].map(([id, name], i) => ({
      id,
      name,
      // One English speaker per team shows the language switch of messages.
      language: i === 2 ? ('en' as const) : ('id' as const),
      user: demoLogins.has(id) ? id : null,
      // Leads sleep: non-critical alerts wait from 22:00 to 06:00 WITA.
      quiet: i === 0 ? ([22 * 60, 6 * 60] as [number, number]) : null,
      email: `${id.split('-')[0]}@${t.id}.example.invalid`,
      kinds: t.kinds
    }))
  );
}

/** 8-hour shifts from `now − 7 days` to `now + 7 days`, members taking turns; the next member backs up. */
export function demoShifts(now: number): { team_id: string; person_id: string; role: 'primary' | 'backup'; starts_at: string; ends_at: string }[] {
  const first = Math.floor((now - ROTA_DAYS * 86_400_000 + WITA_OFFSET_MS) / SHIFT_MS) * SHIFT_MS - WITA_OFFSET_MS;
  const out = [];
  for (let start = first, n = 0; start < now + ROTA_DAYS * 86_400_000; start += SHIFT_MS, n++) {
    for (const t of TEAMS) {
      const span = { starts_at: new Date(start).toISOString(), ends_at: new Date(start + SHIFT_MS).toISOString() };
      out.push({ team_id: t.id, person_id: t.rota[n % t.rota.length][0], role: 'primary' as const, ...span });
      out.push({ team_id: t.id, person_id: t.rota[(n + 1) % t.rota.length][0], role: 'backup' as const, ...span });
    }
  }
  return out;
}

const CHANNEL: ChannelKind = 'email';

/** Writes the demo directory when the directory is empty; resolves true when it did. */
export async function seedDemoPeople(pool: pg.Pool, users: ReadonlyMap<string, Pick<UserRecord, 'role'>>, now = Date.now()): Promise<boolean> {
  if (!runsOnDemoUsers(users)) return false;
  const people = demoPeople();
  const result = await inChange(pool, async (db) => {
    if (Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM people')).rows[0].n) > 0) return { ok: false, status: 409, errors: ['not empty'] };
    await db.query(
      `INSERT INTO people (id, name, language, login_user, quiet_start, quiet_end, updated_by)
       SELECT id, name, language, login_user, quiet_start, quiet_end, $2 FROM jsonb_to_recordset($1)
         AS x(id text, name text, language text, login_user text, quiet_start int, quiet_end int)`,
      [JSON.stringify(people.map((p) => ({ id: p.id, name: p.name, language: p.language, login_user: p.user, quiet_start: p.quiet?.[0], quiet_end: p.quiet?.[1] }))), DEMO_ACTOR]
    );
    await db.query(
      `INSERT INTO person_channels (person_id, kind, address) SELECT id, $2, to_jsonb(email) FROM jsonb_to_recordset($1) AS x(id text, email text)`,
      [JSON.stringify(people), CHANNEL]
    );
    await db.query(`INSERT INTO subscriptions (person_id, kinds) SELECT id, ARRAY(SELECT jsonb_array_elements_text(kinds)) FROM jsonb_to_recordset($1) AS x(id text, kinds jsonb)`, [
      JSON.stringify(people)
    ]);
    await db.query(
      `INSERT INTO teams (id, name_id, name_en, kinds, lead_person_id, updated_by)
       SELECT id, name->>'id', name->>'en', ARRAY(SELECT jsonb_array_elements_text(kinds)), lead, $2 FROM jsonb_to_recordset($1) AS x(id text, name jsonb, kinds jsonb, lead text)`,
      [JSON.stringify(TEAMS.map((t) => ({ id: t.id, name: t.name, kinds: t.kinds, lead: t.lead[0] }))), DEMO_ACTOR]
    );
    await db.query(
      `INSERT INTO rota_shifts (team_id, person_id, role, starts_at, ends_at)
       SELECT team_id, person_id, role, starts_at, ends_at FROM jsonb_to_recordset($1) AS x(team_id text, person_id text, role text, starts_at timestamptz, ends_at timestamptz)`,
      [JSON.stringify(demoShifts(now))]
    );
    return { ok: true, value: people.length };
  });
  return result.ok;
}
