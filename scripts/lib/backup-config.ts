/**
 * The pure parts of `npm run backup` / `npm run restore`: command lines, where influxd's backup
 * listener is, how a DATABASE_URL becomes a libpq connection without its password on a command line,
 * the manifest, and scrubbing secrets out of anything printed.
 */
import path from 'node:path';
import { PantauError } from '../../src/lib/core/errors';

export type Engine = 'influxdb' | 'postgres';
export const ENGINES: readonly Engine[] = ['influxdb', 'postgres'];

/** Where each part lives inside a backup directory. */
export const LAYOUT = { manifest: 'manifest.json', influxdb: 'influxdb', postgres: 'postgres/registry.dump' } as const;
export const MANIFEST_FORMAT = 'pantau-backup';
export const MANIFEST_VERSION = 1;
/** influxd's backup/restore (RPC) listener when nothing else is said: the 1.x default port. */
export const DEFAULT_RPC_PORT = 8088;

export interface BackupArgs {
  out: string;
  engines: Engine[];
}

export interface RestoreArgs {
  from: string;
  engines: Engine[];
  /** Drop what the target already holds (InfluxDB database, registry tables) and restore over it. */
  replace: boolean;
}

export const BACKUP_USAGE = 'usage: npm run backup -- --out DIR [--only influxdb|postgres]';
export const RESTORE_USAGE = 'usage: npm run restore -- --from DIR [--only influxdb|postgres] [--replace]';

/** `--name value` and `--name=value`; flags in `booleans` take no value. Unknown options are refused. */
function readOptions(argv: readonly string[], known: readonly string[], booleans: readonly string[], usage: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !known.includes(m[1])) throw new PantauError('BACKUP_USAGE', `unknown argument "${arg}"\n${usage}`);
    const [, name, inline] = m;
    if (booleans.includes(name)) {
      if (inline !== undefined) throw new PantauError('BACKUP_USAGE', `--${name} takes no value\n${usage}`);
      out.set(name, 'true');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || value.startsWith('--')) throw new PantauError('BACKUP_USAGE', `--${name} needs a value\n${usage}`);
    if (out.has(name)) throw new PantauError('BACKUP_USAGE', `--${name} given twice\n${usage}`);
    out.set(name, value);
  }
  return out;
}

function readEngines(only: string | undefined, usage: string): Engine[] {
  if (only === undefined) return [...ENGINES];
  if (!(ENGINES as readonly string[]).includes(only)) throw new PantauError('BACKUP_USAGE', `--only must be influxdb or postgres, got "${only}"\n${usage}`);
  return [only as Engine];
}

export function parseBackupArgs(argv: readonly string[], cwd: string): BackupArgs {
  const o = readOptions(argv, ['out', 'only'], [], BACKUP_USAGE);
  const out = o.get('out');
  if (!out) throw new PantauError('BACKUP_USAGE', `--out DIR is required (a new or empty directory)\n${BACKUP_USAGE}`);
  return { out: path.resolve(cwd, out), engines: readEngines(o.get('only'), BACKUP_USAGE) };
}

export function parseRestoreArgs(argv: readonly string[], cwd: string): RestoreArgs {
  const o = readOptions(argv, ['from', 'only', 'replace'], ['replace'], RESTORE_USAGE);
  const from = o.get('from');
  if (!from) throw new PantauError('BACKUP_USAGE', `--from DIR is required (a directory written by npm run backup)\n${RESTORE_USAGE}`);
  return { from: path.resolve(cwd, from), engines: readEngines(o.get('only'), RESTORE_USAGE), replace: o.get('replace') === 'true' };
}

export interface InfluxdAddresses {
  /** The RPC listener influxd backup/restore talk to (top-level `bind-address`). */
  rpc: string;
  /** The HTTP API (`[http] bind-address`). */
  http: string;
}

/** Both listeners from an influxdb.conf (the managed one is written by influxd-config.ts). */
export function readInfluxdAddresses(config: string): InfluxdAddresses {
  let section = '';
  const found: Partial<InfluxdAddresses> = {};
  for (const line of config.split('\n')) {
    const header = /^\s*\[\[?([A-Za-z0-9_-]+)\]\]?\s*$/.exec(line);
    if (header) section = header[1];
    const kv = /^\s*bind-address\s*=\s*"([^"]*)"/.exec(line);
    if (!kv) continue;
    if (section === '') found.rpc = kv[1];
    if (section === 'http') found.http = kv[1];
  }
  if (!found.rpc || !found.http) throw new PantauError('BACKUP_SOURCE', 'influxdb.conf has no top-level bind-address or no [http] bind-address');
  // ":8088" means every interface: the local one reaches it.
  const local = (a: string) => (a.startsWith(':') ? `127.0.0.1${a}` : a);
  return { rpc: local(found.rpc), http: local(found.http) };
}

/** INFLUX_RPC_ADDRESS when set, else INFLUX_URL's host on the 1.x default RPC port. */
export function externalRpcAddress(influxUrl: string, env: Record<string, string | undefined>): string {
  const given = env.INFLUX_RPC_ADDRESS;
  if (given) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(given)) {
      throw new PantauError('CONFIG_INFLUX_RPC_ADDRESS', `INFLUX_RPC_ADDRESS must be host:port (influxd's bind-address), got "${given}"`);
    }
    return given;
  }
  return `${new URL(influxUrl).hostname}:${DEFAULT_RPC_PORT}`;
}

export interface LibpqConnection {
  /** The URL without its password: safe on a command line (other users can read those). */
  dbname: string;
  /** PGPASSWORD, when the URL had one. */
  env: Record<string, string>;
  /** What may be printed: user@host:port/database. */
  label: string;
  password: string;
}

export function libpqConnection(databaseUrl: string): LibpqConnection {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new PantauError('CONFIG_DATABASE_URL', 'DATABASE_URL must be postgres://user:password@host:port/database');
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || !url.hostname) {
    throw new PantauError('CONFIG_DATABASE_URL', 'DATABASE_URL must be postgres://user:password@host:port/database');
  }
  const password = decodeURIComponent(url.password);
  url.password = '';
  const label = `${decodeURIComponent(url.username) || '(default user)'}@${url.host}${url.pathname}`;
  return { dbname: url.toString(), env: password ? { PGPASSWORD: password } : {}, label, password };
}

/** Every secret replaced by "***" (whole and URL-encoded): for tool output and error messages we print. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue; // too short to be a real secret, and replacing it would garble the text
    out = out.split(s).join('***').split(encodeURIComponent(s)).join('***');
  }
  return out;
}

export interface ContinuousQuery {
  name: string;
  /** `CREATE CONTINUOUS QUERY … END`, as SHOW CONTINUOUS QUERIES gives it. */
  query: string;
}

const PLAIN_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A continuous query of database `from` made to run on `to` (restore -newdb): the `ON from` clause and
 * every `from.` qualifier. Only for plain identifiers (InfluxDB prints others quoted, where a text
 * rewrite could hit the wrong token); null when it cannot be done.
 */
export function renameCqDatabase(query: string, from: string, to: string): string | null {
  if (from === to) return query;
  if (!PLAIN_IDENT.test(from) || !PLAIN_IDENT.test(to)) return null;
  const on = new RegExp(`^(CREATE CONTINUOUS QUERY \\S+ ON )${from}\\b`);
  if (!on.test(query)) return null;
  return query.replace(on, `$1${to}`).replace(new RegExp(`(?<![\\w."])${from}\\.`, 'g'), `${to}.`);
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  createdAt: string;
  influxdb?: { database: string; files: number; bytes: number; continuousQueries: ContinuousQuery[] };
  postgres?: { file: string; bytes: number; serverVersion: string };
}

export function parseManifest(text: string, where: string): Manifest {
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(text) as Partial<Manifest>;
  } catch {
    throw new PantauError('BACKUP_INVALID', `${where} is not JSON: not a backup written by npm run backup`);
  }
  if (m.format !== MANIFEST_FORMAT) throw new PantauError('BACKUP_INVALID', `${where} is not a Pantau backup manifest`);
  if (m.version !== MANIFEST_VERSION) throw new PantauError('BACKUP_INVALID', `${where} has version ${m.version}; this Pantau reads version ${MANIFEST_VERSION}`);
  if (m.influxdb && !/^[A-Za-z0-9_.-]{1,64}$/.test(String(m.influxdb.database))) throw new PantauError('BACKUP_INVALID', `${where} names an invalid InfluxDB database`);
  const cqs: unknown = m.influxdb?.continuousQueries ?? [];
  const validCq = (c: unknown) => typeof (c as ContinuousQuery)?.name === 'string' && /^CREATE CONTINUOUS QUERY /.test(String((c as ContinuousQuery)?.query));
  if (!Array.isArray(cqs) || !cqs.every(validCq)) throw new PantauError('BACKUP_INVALID', `${where} lists continuous queries that are not CREATE CONTINUOUS QUERY statements`);
  return m as Manifest;
}
