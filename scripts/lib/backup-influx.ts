/**
 * InfluxDB 1.x in the portable format (`influxd backup -portable` / `influxd restore -portable`):
 * the database's shards, retention policies and continuous queries, taken from a running influxd
 * over its RPC listener (no HTTP credentials there: keep that listener on loopback or a private net).
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PantauError } from '../../src/lib/core/errors';
import { quoteInfluxIdent } from '../../src/lib/core/line-protocol';
import { influxQl } from '../../src/lib/influx/query';
import { redact, renameCqDatabase, type ContinuousQuery } from './backup-config';
import type { InfluxTarget } from './backup-targets';
import { findDaemon } from './which';

/** A year of a city's readings takes a while to copy. */
const TOOL_TIMEOUT_MS = 60 * 60 * 1000;

export interface InfluxBackupInfo {
  database: string;
  files: number;
  bytes: number;
  /** The rollups' continuous queries: influxd 1.6's portable restore brings back the retention policies but not these. */
  continuousQueries: ContinuousQuery[];
}

async function runInfluxd(args: string[], secrets: readonly string[], code: 'BACKUP_FAILED' | 'RESTORE_FAILED'): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.env.INFLUXD_BINARY || findDaemon('influxd'), args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
    return stdout + stderr;
  } catch (err) {
    const e = err as { code?: string; stderr?: string; stdout?: string; message: string };
    if (e.code === 'ENOENT') throw new PantauError('INFLUXD_MISSING', 'influxd not found on PATH (install the influxdb package: its influxd backup/restore do the copying)');
    const tail = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-12).join('\n');
    throw new PantauError(code, `influxd ${args[0]} failed:\n${redact(tail || e.message, secrets)}`, { cause: err });
  }
}

async function databases(t: InfluxTarget): Promise<string[]> {
  try {
    const body = await influxQl(t.config, 'SHOW DATABASES');
    return (body.results?.[0]?.series?.[0]?.values ?? []).map((row) => String(row[0]));
  } catch (err) {
    throw new PantauError('BACKUP_SOURCE', `cannot query ${t.label}: ${(err as Error).message}`, { cause: err });
  }
}

async function dirStats(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const name of await readdir(dir)) {
    files += 1;
    bytes += (await stat(path.join(dir, name))).size;
  }
  return { files, bytes };
}

export async function backupInflux(t: InfluxTarget, dir: string, secrets: readonly string[], log: (l: string) => void): Promise<InfluxBackupInfo> {
  const database = t.config.database;
  if (!(await databases(t)).includes(database)) {
    throw new PantauError('BACKUP_SOURCE', `${t.label}: database ${database} does not exist (INFLUX_DB names it)`);
  }
  log(`InfluxDB: influxd backup -portable -db ${database} -host ${t.rpcAddress} …`);
  await runInfluxd(['backup', '-portable', '-db', database, '-host', t.rpcAddress, dir], secrets, 'BACKUP_FAILED');
  const { files, bytes } = await dirStats(dir);
  if (files === 0) throw new PantauError('BACKUP_FAILED', `influxd backup wrote nothing into ${dir}`);
  const continuousQueries = await readContinuousQueries(t);
  log(`InfluxDB: ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB; ${continuousQueries.length} continuous queries`);
  return { database, files, bytes, continuousQueries };
}

async function readContinuousQueries(t: InfluxTarget): Promise<ContinuousQuery[]> {
  const body = await influxQl(t.config, 'SHOW CONTINUOUS QUERIES');
  const series = body.results?.[0]?.series?.find((x) => x.name === t.config.database);
  return (series?.values ?? []).map((row) => ({ name: String(row[0]), query: String(row[1]) }));
}

/** Created again as they were (under the new database's name when -newdb renamed it); one that exists already is left. */
async function recreateContinuousQueries(t: InfluxTarget, sourceDb: string, cqs: readonly ContinuousQuery[], log: (l: string) => void): Promise<void> {
  let created = 0;
  for (const cq of cqs) {
    const query = renameCqDatabase(cq.query, sourceDb, t.config.database);
    if (!query) {
      log(`InfluxDB: continuous query ${cq.name} not recreated (cannot rename ${sourceDb}); the ingest creates Pantau's own at its start`);
      continue;
    }
    try {
      await influxQl(t.config, query, 'POST');
      created += 1;
    } catch (err) {
      if (!/already exists/i.test((err as Error).message)) throw new PantauError('RESTORE_FAILED', `recreating continuous query ${cq.name}: ${(err as Error).message}`, { cause: err });
    }
  }
  log(`InfluxDB: ${created} continuous queries recreated`);
}

/**
 * A portable restore needs the target database not to exist. True when it must be dropped first: it
 * exists but is empty (what a first start of the ingest leaves), or holds data and `replace` was given.
 * Checked for both engines before either is touched.
 */
export async function checkInfluxTarget(t: InfluxTarget, replace: boolean): Promise<boolean> {
  const database = t.config.database;
  if (!(await databases(t)).includes(database)) return false;
  const measurements = await influxQl(t.config, `SHOW MEASUREMENTS ON ${quoteInfluxIdent(database)} LIMIT 1`);
  const holdsData = (measurements.results?.[0]?.series?.[0]?.values?.length ?? 0) > 0;
  if (holdsData && !replace) {
    throw new PantauError('RESTORE_TARGET', `${t.label}: database ${database} already holds data; pass --replace to drop it and restore the backup in its place`);
  }
  return true;
}

export interface InfluxRestoreSource {
  dir: string;
  database: string;
  continuousQueries: readonly ContinuousQuery[];
}

export async function restoreInflux(t: InfluxTarget, source: InfluxRestoreSource, drop: boolean, secrets: readonly string[], log: (l: string) => void): Promise<void> {
  const { dir, database: sourceDb } = source;
  const database = t.config.database;
  if (drop) {
    log(`InfluxDB: dropping the database ${database} the restore replaces`);
    await influxQl(t.config, `DROP DATABASE ${quoteInfluxIdent(database)}`, 'POST');
  }
  const args = ['restore', '-portable', '-db', sourceDb, ...(database !== sourceDb ? ['-newdb', database] : []), '-host', t.rpcAddress, dir];
  log(`InfluxDB: influxd ${args.slice(0, -1).join(' ')} …`);
  await runInfluxd(args, secrets, 'RESTORE_FAILED');
  if (!(await databases(t)).includes(database)) throw new PantauError('RESTORE_FAILED', `influxd restore finished but ${t.label} has no database ${database}`);
  await recreateContinuousQueries(t, sourceDb, source.continuousQueries, log);
  log(`InfluxDB: database ${database} restored`);
}
