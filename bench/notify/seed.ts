/**
 * bench:notify's directory: N people in PostgreSQL (bulk SQL, one transaction, the version bumped as the
 * store does), their first channel cycling webpush → whatsapp → telegram → email with email as the
 * fallback, subscribed to flood alerts of one district each; a team per district with a primary and
 * a backup on call.
 */
import type pg from 'pg';
import type { ChannelKind } from '../../src/lib/core/people';

export const DISTRICTS = ['Samarinda Ilir', 'Samarinda Kota', 'Samarinda Ulu', 'Samarinda Utara', 'Sungai Pinang', 'Sungai Kunjang', 'Sambutan', 'Palaran', 'Loa Janan Ilir', 'Samarinda Seberang'];
const KINDS: ChannelKind[] = ['webpush', 'whatsapp', 'telegram', 'email'];

export interface SeededPerson {
  id: string;
  district: string;
  first: ChannelKind;
}

export async function seedPeople(pool: pg.Pool, count: number, pushAddress: () => object): Promise<SeededPerson[]> {
  const people: SeededPerson[] = [];
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    for (let i = 0; i < count; i++) {
      const id = `p${String(i).padStart(4, '0')}`;
      const district = DISTRICTS[i % DISTRICTS.length];
      const first = KINDS[Math.floor(i / DISTRICTS.length) % KINDS.length];
      people.push({ id, district, first });
      await db.query(`INSERT INTO people (id, name, language, updated_by) VALUES ($1, $2, $3, 'bench')`, [id, `Petugas ${i}`, i % 3 === 0 ? 'en' : 'id']);
      const address = first === 'webpush' ? pushAddress() : first === 'email' ? `${id}@bench.test` : first === 'whatsapp' ? `62812${String(i).padStart(7, '0')}` : String(100_000 + i);
      await db.query('INSERT INTO person_channels (person_id, kind, address, rank) VALUES ($1, $2, $3, 0)', [id, first, JSON.stringify(address)]);
      if (first !== 'email') await db.query(`INSERT INTO person_channels (person_id, kind, address, rank) VALUES ($1, 'email', $2, 1)`, [id, JSON.stringify(`${id}@bench.test`)]);
      await db.query(`INSERT INTO subscriptions (person_id, districts, kinds, categories, min_severity) VALUES ($1, $2, '{flood}', '{emergency}', 'warning')`, [id, [district]]);
    }
    for (const [t, district] of DISTRICTS.entries()) {
      const team = `team-${t}`;
      await db.query(`INSERT INTO teams (id, name_id, name_en, kinds, districts, backup_after_min, lead_after_min, updated_by) VALUES ($1, $2, $2, '{flood}', $3, 10, 20, 'bench')`, [team, `Tim ${district}`, [district]]);
      const [primary, backup] = people.filter((p) => p.district === district);
      for (const [who, role] of [[primary, 'primary'], [backup, 'backup']] as const) {
        await db.query(`INSERT INTO rota_shifts (team_id, person_id, role, starts_at, ends_at) VALUES ($1, $2, $3, now() - interval '1 hour', now() + interval '8 hours')`, [team, who.id, role]);
      }
    }
    await db.query('UPDATE directory_state SET version = version + 1');
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  } finally {
    db.release();
  }
  return people;
}
