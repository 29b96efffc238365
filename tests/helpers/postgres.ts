/**
 * The PostgreSQL that `npm test` starts (scripts/test.ts → PANTAU_TEST_DATABASE_URL, its maintenance
 * database). Each test file makes its own database, so files never see each other's registry.
 */
import pg from 'pg';
import { uniqueDb } from './env';

export interface TestDatabase {
  /** postgres://…/<its own database> */
  url: string;
  drop(): Promise<void>;
}

export function readTestDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.PANTAU_TEST_DATABASE_URL;
  if (!url) {
    throw new Error('PANTAU_TEST_DATABASE_URL not set: run registry tests with `npm test -- <path>` (it starts PostgreSQL; see its "[test]" line if it did not)');
  }
  return url;
}

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const adminUrl = readTestDatabaseUrl();
  const name = uniqueDb(prefix).toLowerCase();
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined)
  };
}

async function withAdmin<T>(adminUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A person on call now in a fresh people directory (the web made its tables): one team for floods
 * in Sungai Pinang, the person its primary from an hour ago for eight hours.
 */
export async function putOnCall(databaseUrl: string, person: { id: string; name: string; login: string }): Promise<void> {
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    await sql.query(`INSERT INTO people (id, name, login_user, updated_by) VALUES ($1, $2, $3, 'test')`, [person.id, person.name, person.login]);
    await sql.query(`INSERT INTO teams (id, name_id, name_en, kinds, districts, updated_by) VALUES ('bpbd', 'BPBD', 'BPBD', '{flood}', '{Sungai Pinang}', 'test')`);
    await sql.query(`INSERT INTO rota_shifts (team_id, person_id, role, starts_at, ends_at) VALUES ('bpbd', $1, 'primary', now() - interval '1 hour', now() + interval '8 hours')`, [person.id]);
  } finally {
    await sql.end();
  }
}

/**
 * A pool on a test database that takes its database being dropped calmly. pg's Pool.end() resolves once it has asked its
 * clients to end, not once they have: a drop WITH (FORCE) right after can terminate a client still closing (57P01), and
 * a pool with no 'error' listener throws that as an uncaught exception, failing the whole run (seen once in CI).
 */
export function openTestPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (err: Error & { code?: string }) => {
    if (err.code !== '57P01') console.warn(`test pool: ${err.message}`);
  });
  return pool;
}
