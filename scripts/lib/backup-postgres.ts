/**
 * The registry database with PostgreSQL's own tools, custom format (`pg_dump -Fc` / `pg_restore`):
 * every table (sensors, their change history, migrations), restored in one transaction. The password
 * goes to the tools as PGPASSWORD, never on their command line, where other users could read it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PantauError } from '../../src/lib/core/errors';
import { libpqConnection, redact } from './backup-config';
import type { PostgresTarget } from './backup-targets';
import { POSTGRES_BIN_DIR } from './postgres';

const TOOL_TIMEOUT_MS = 30 * 60 * 1000;

export interface PostgresBackupInfo {
  bytes: number;
  serverVersion: string;
}

function binDir(): string {
  return process.env.PANTAU_PG_BIN_DIR || POSTGRES_BIN_DIR;
}

async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], t: PostgresTarget, code: 'BACKUP_FAILED' | 'RESTORE_FAILED'): Promise<void> {
  const binary = path.join(binDir(), tool);
  if (!existsSync(binary)) throw new PantauError('POSTGRES_MISSING', `${binary} not found (install postgresql-client 15, or set PANTAU_PG_BIN_DIR)`);
  const conn = libpqConnection(t.url);
  try {
    await promisify(execFile)(binary, [...args, '--no-password', `--dbname=${conn.dbname}`], {
      timeout: TOOL_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, ...conn.env }
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const tail = (e.stderr ?? '').trim().split('\n').slice(-12).join('\n') || e.message;
    const hint = /version mismatch/.test(tail) ? `\n(the server is newer than ${binDir()}: set PANTAU_PG_BIN_DIR to its version's bin directory)` : '';
    throw new PantauError(code, `${tool} of ${t.label} failed:\n${redact(tail, [conn.password])}${hint}`, { cause: err });
  }
}

async function withClient<T>(t: PostgresTarget, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: t.url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    const conn = libpqConnection(t.url);
    throw new PantauError('BACKUP_SOURCE', `cannot connect to ${t.label}: ${redact((err as Error).message, [conn.password])}`, { cause: err });
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Tables outside PostgreSQL's own schemas, with their schema. */
async function userTables(c: pg.Client): Promise<string[]> {
  const { rows } = await c.query<{ t: string }>("SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
  return rows.map((r) => r.t);
}

/** What the registry holds, for progress lines: sensors and changes when its tables are there. */
async function registryCounts(c: pg.Client): Promise<string> {
  const tables = await userTables(c);
  if (!tables.includes('public.sensors') || !tables.includes('public.sensor_changes')) return `${tables.length} tables`;
  const { rows } = await c.query<{ s: string; h: string }>('SELECT (SELECT count(*) FROM sensors) AS s, (SELECT count(*) FROM sensor_changes) AS h');
  return `${tables.length} tables; registry: ${rows[0].s} sensors, ${rows[0].h} changes in their history`;
}

export async function dumpPostgres(t: PostgresTarget, file: string, log: (l: string) => void): Promise<PostgresBackupInfo> {
  const { serverVersion, counts } = await withClient(t, async (c) => ({
    serverVersion: String((await c.query('SHOW server_version')).rows[0].server_version),
    counts: await registryCounts(c)
  }));
  log(`PostgreSQL: pg_dump --format=custom of ${t.label} (server ${serverVersion}; ${counts}) …`);
  await runTool('pg_dump', ['--format=custom', `--file=${file}`], t, 'BACKUP_FAILED');
  const bytes = (await stat(file)).size;
  log(`PostgreSQL: ${path.basename(file)}, ${(bytes / 1024).toFixed(1)} KiB`);
  return { bytes, serverVersion };
}

/**
 * Into a database without tables (a fresh server, or a first start before the web ran), or over one
 * with `replace`. True when it has tables (pg_restore --clean then drops each object of the backup
 * before creating it). Checked for both engines before either is touched.
 */
export async function checkPostgresTarget(t: PostgresTarget, replace: boolean): Promise<boolean> {
  const existing = await withClient(t, userTables);
  if (existing.length > 0 && !replace) {
    throw new PantauError('RESTORE_TARGET', `${t.label} already has ${existing.length} tables (${existing.slice(0, 4).join(', ')}); pass --replace to restore over them`);
  }
  return existing.length > 0;
}

/** --no-owner: the target's user owns what it restores, whoever owned it on the old machine. One transaction: all or nothing. */
export async function restorePostgres(t: PostgresTarget, file: string, clean: boolean, log: (l: string) => void): Promise<void> {
  const cleanArgs = clean ? ['--clean', '--if-exists'] : [];
  log(`PostgreSQL: pg_restore${clean ? ' --clean' : ''} into ${t.label} …`);
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', ...cleanArgs, file], t, 'RESTORE_FAILED');
  log(`PostgreSQL: restored (${await withClient(t, registryCounts)})`);
}
