/**
 * A private PostgreSQL 15 (Debian's `postgresql`) on loopback, all state in one directory: the cluster
 * in `<dataDir>/pgdata`, its Unix socket in `<dataDir>/run`. Like the managed influxd: `npm start` keeps
 * it under .data/postgres, `npm test` in a temp dir.
 *
 * initdb and postgres refuse to run as root, and these machines (and CI) run as root: then both run as
 * the `postgres` system user (spawned with its uid/gid, so a SIGKILL reaches postgres itself, not a
 * wrapper), on directories it owns.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PantauError } from '../../src/lib/core/errors';
import { findFreePort } from './free-port';
import { spawnManaged, waitUntilReady, type ManagedProcess, type ServiceHandle } from './managed-process';

export const POSTGRES_BIN_DIR = '/usr/lib/postgresql/15/bin';
export const POSTGRES_READY_TIMEOUT_MS = 30_000;
/** The cluster's superuser and the database `npm start` uses. */
export const POSTGRES_ADMIN_USER = 'pantau';
export const POSTGRES_DATABASE = 'pantau';
const START_ATTEMPTS = 3;
const INITDB_TIMEOUT_MS = 120_000;

export interface PostgresOptions {
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  binDir?: string;
  onLine?: (line: string) => void;
}

/** Not restartable (no test needs it); stop is SIGTERM, which postgres takes as a "smart" shutdown (SIGINT would be fast). */
export interface PostgresHandle extends Omit<ServiceHandle, 'restart'> {
  /** postgres://pantau:…@127.0.0.1:port/pantau (the password is in it: never log this). */
  readonly url: string;
  /** The same server's maintenance database `postgres`, for tests that create their own databases. */
  readonly adminUrl: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Start (initialising on first use) and resolve once the server answers a query. */
export async function startPostgres(opts: PostgresOptions): Promise<PostgresHandle> {
  const binDir = opts.binDir ?? POSTGRES_BIN_DIR;
  if (!existsSync(path.join(binDir, 'postgres'))) {
    throw new PantauError('POSTGRES_MISSING', `${binDir}/postgres not found (install the postgresql package)`);
  }
  const runAs = await postgresUserIfRoot();
  const pgdata = path.join(opts.dataDir, 'pgdata');
  const socketDir = path.join(opts.dataDir, 'run');
  await mkdir(socketDir, { recursive: true, mode: 0o700 });
  const password = await ensurePassword(opts.dataDir);
  if (runAs) await ownDirs([opts.dataDir, socketDir], runAs);
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) await initCluster(binDir, pgdata, password, runAs);
  let lastError: unknown;
  for (let attempt = 0; attempt < (opts.port ? 1 : START_ATTEMPTS); attempt++) {
    const port = opts.port ?? (await findFreePort());
    try {
      const base = `postgres://${POSTGRES_ADMIN_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
      const proc = await launch({ binDir, pgdata, socketDir, port, runAs, adminUrl: `${base}/postgres`, onLine: opts.onLine });
      await ensureDatabase(`${base}/postgres`, POSTGRES_DATABASE).catch(async (err) => {
        await proc.stop();
        throw err;
      });
      return {
        url: `${base}/${POSTGRES_DATABASE}`,
        adminUrl: `${base}/postgres`,
        port,
        dataDir: opts.dataDir,
        pid: proc.pid,
        logs: () => proc.logs.text(),
        // SIGINT is postgres's "fast" shutdown: it ends client sessions instead of waiting for them.
        stop: async () => {
          if (proc.isRunning()) proc.child.kill('SIGINT');
          await proc.stop();
        },
        kill: () => proc.kill()
      };
    } catch (err) {
      lastError = err; // most often a port taken between findFreePort and bind: try another
    }
  }
  throw lastError;
}

/** The superuser's password, generated once into `<dataDir>/credentials.json` (0600) and reused. */
async function ensurePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'credentials.json');
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { password?: unknown };
    if (typeof saved.password === 'string' && saved.password.length >= 16) return saved.password;
  } catch {
    // missing or damaged: a new one (an existing cluster with another password then says so at start)
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, JSON.stringify({ username: POSTGRES_ADMIN_USER, password }, null, 2) + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

async function postgresUserIfRoot(): Promise<RunAs | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    const { stdout } = await promisify(execFile)('id', ['-u', 'postgres']);
    const { stdout: gid } = await promisify(execFile)('id', ['-g', 'postgres']);
    return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
  } catch (cause) {
    throw new PantauError('POSTGRES_USER', 'running as root, but there is no `postgres` system user to run PostgreSQL as', { cause });
  }
}

/**
 * The postgres user must own the dirs and reach them. The data root above (`.data`, a temp dir) is
 * often 0700: it gets o+x, which lets others pass through to names they know, never list it; what is
 * secret inside (credentials files) is 0600 on its own.
 */
async function ownDirs(dirs: string[], runAs: RunAs): Promise<void> {
  for (const dir of dirs) await chown(dir, runAs.uid, runAs.gid);
  const parent = path.dirname(dirs[0]);
  const canEnter = () => promisify(execFile)('test', ['-x', parent], { uid: runAs.uid, gid: runAs.gid }).then(() => true, () => false);
  if (await canEnter()) return;
  await chmod(parent, ((await stat(parent)).mode & 0o7777) | 0o001);
  if (!(await canEnter())) throw new PantauError('POSTGRES_DIR', `the postgres user cannot enter ${parent}: give the directories above it o+x or pick another data dir`);
}

async function initCluster(binDir: string, pgdata: string, password: string, runAs: RunAs | null): Promise<void> {
  const pwfile = path.join(path.dirname(pgdata), 'initdb-pw');
  await writeFile(pwfile, password + '\n', { mode: 0o600 });
  if (runAs) await chown(pwfile, runAs.uid, runAs.gid);
  const args = ['-D', pgdata, '-U', POSTGRES_ADMIN_USER, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'];
  try {
    await promisify(execFile)(path.join(binDir, 'initdb'), args, { timeout: INITDB_TIMEOUT_MS, cwd: path.dirname(pgdata), ...(runAs ?? {}) });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new PantauError('POSTGRES_INITDB', `initdb failed: ${stderr.slice(-800) || (err as Error).message}`, { cause: err });
  } finally {
    await rm(pwfile, { force: true });
  }
}

interface LaunchOptions {
  binDir: string;
  pgdata: string;
  socketDir: string;
  port: number;
  runAs: RunAs | null;
  adminUrl: string;
  onLine?: (line: string) => void;
}

async function launch(o: LaunchOptions): Promise<ManagedProcess> {
  // Loopback TCP and a socket inside our own dir: never /var/run/postgresql, never another interface.
  const args = ['-D', o.pgdata, '-p', String(o.port), '-h', '127.0.0.1', '-k', o.socketDir, '-c', 'logging_collector=off', '-c', 'max_connections=200', '-c', 'log_min_messages=warning'];
  const proc = spawnManaged({ name: `postgres:${o.port}`, command: path.join(o.binDir, 'postgres'), args, cwd: o.pgdata, onLine: o.onLine, stopSignal: 'SIGINT', ...(o.runAs ?? {}) });
  // Ready = our superuser gets an answer (while starting up, postgres refuses connections with an error).
  const ready = async () => {
    const client = new pg.Client({ connectionString: o.adminUrl, connectionTimeoutMillis: 1_000 });
    const answered = await client.connect().then(() => client.query('SELECT 1').then(() => true), () => false);
    await client.end().catch(() => undefined);
    return answered;
  };
  try {
    await waitUntilReady(proc, 'accept connections', ready, POSTGRES_READY_TIMEOUT_MS);
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return proc;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
