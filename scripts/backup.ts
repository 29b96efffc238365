/**
 * `npm run backup -- --out DIR [--only influxdb|postgres]`: InfluxDB (readings, rollups, alert history)
 * and PostgreSQL (the sensor registry and its change history) into one new directory, with a manifest.
 * External servers from INFLUX_URL… / DATABASE_URL, else npm start's managed ones under .data (running
 * or not). See docs/deployment.md "Backup and restore".
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { backupInflux } from './lib/backup-influx';
import { dumpPostgres } from './lib/backup-postgres';
import { LAYOUT, MANIFEST_FORMAT, MANIFEST_VERSION, parseBackupArgs, redact, type Manifest } from './lib/backup-config';
import { openTargets, type Targets } from './lib/backup-targets';
import { PantauError } from '../src/lib/core/errors';

const log = (line: string) => console.log(`[backup] ${line}`);
let secrets: readonly string[] = [];

/** A backup goes into a new or empty directory: never mixed with an older one's files. */
async function prepareOut(out: string): Promise<void> {
  const entries = await readdir(out).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  if (entries.length > 0) throw new PantauError('BACKUP_USAGE', `${out} is not empty: give a new directory to --out`);
  await mkdir(path.join(out, path.dirname(LAYOUT.postgres)), { recursive: true, mode: 0o700 });
}

async function run(targets: Targets, out: string): Promise<Manifest> {
  const manifest: Manifest = { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, createdAt: new Date().toISOString() };
  if (targets.influx) {
    log(`InfluxDB: ${targets.influx.label}`);
    manifest.influxdb = await backupInflux(targets.influx, path.join(out, LAYOUT.influxdb), secrets, log);
  }
  if (targets.postgres) {
    log(`PostgreSQL: ${targets.postgres.label}`);
    const info = await dumpPostgres(targets.postgres, path.join(out, LAYOUT.postgres), log);
    manifest.postgres = { file: LAYOUT.postgres, ...info };
  }
  return manifest;
}

async function main(): Promise<void> {
  const started = Date.now();
  const args = parseBackupArgs(process.argv.slice(2), process.cwd());
  await prepareOut(args.out);
  log(`backing up ${args.engines.join(' and ')} into ${args.out}`);
  let targets: Targets | undefined;
  try {
    targets = await openTargets(process.env, process.cwd(), args.engines, 'backup', log);
    secrets = targets.secrets;
    const manifest = await run(targets, args.out);
    // Written last: a directory with a manifest is a complete backup.
    await writeFile(path.join(args.out, LAYOUT.manifest), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  } catch (err) {
    // No half backup left behind that could be taken for a whole one.
    await rm(args.out, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  } finally {
    await targets?.release();
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${args.out}`);
}

main().catch((err: unknown) => {
  console.error(`[backup] failed: ${redact(err instanceof Error ? err.message : String(err), secrets)}`);
  process.exit(1);
});
