/**
 * Plain SQL migrations: `NNN_name.sql` files applied in name order, each once, each in its own
 * transaction together with its row in `schema_migrations`. Several command centers may start at
 * once against one database: an advisory lock makes them take turns, so each file runs exactly once.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { PantauError } from '../../core/errors';

/** Relative to the working directory, like the catalog path: the production build runs from the repository. */
export const MIGRATIONS_DIR = 'src/lib/server/registry/migrations';
/** Any fixed 64-bit number, the same in every instance: "pantau migrations". */
const MIGRATION_LOCK_KEY = 7_263_826_800_100;
const MIGRATION_NAME = /^\d{3,}_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
}

/** The migration files in apply order; anything else in the directory is refused, not skipped silently. */
export function orderMigrations(names: readonly string[]): string[] {
  const bad = names.filter((n) => !MIGRATION_NAME.test(n));
  if (bad.length > 0) throw new PantauError('MIGRATION_NAME', `not a migration file name (NNN_name.sql): ${bad.join(', ')}`);
  return [...names].sort();
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const abs = path.resolve(process.cwd(), dir);
  const names = orderMigrations((await readdir(abs)).filter((n) => n.endsWith('.sql')));
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(path.join(abs, name), 'utf8') })));
}

/** Applies what is not applied yet; resolves with the names applied now (empty when up to date). */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await applyOne(client, m);
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

async function applyOne(client: pg.PoolClient, m: Migration): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(m.sql);
    await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new PantauError('MIGRATION_FAILED', `migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
  }
}
