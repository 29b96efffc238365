/**
 * `npm run restore -- --from DIR [--only influxdb|postgres] [--replace]`: a directory written by
 * `npm run backup` into InfluxDB and PostgreSQL: external servers from INFLUX_URL… / DATABASE_URL, else
 * npm start's managed ones under .data, started here (stop npm start first). Targets that already hold
 * data are refused unless --replace. See docs/deployment.md "Backup and restore".
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkInfluxTarget, restoreInflux } from './lib/backup-influx';
import { checkPostgresTarget, restorePostgres } from './lib/backup-postgres';
import { LAYOUT, parseManifest, parseRestoreArgs, redact, type Engine, type Manifest } from './lib/backup-config';
import { openTargets } from './lib/backup-targets';
import { PantauError } from '../src/lib/core/errors';

const log = (line: string) => console.log(`[restore] ${line}`);
let secrets: readonly string[] = [];

/** Everything asked for must be in the backup before any database is touched. */
async function readBackup(from: string, engines: readonly Engine[]): Promise<Manifest> {
  const manifestPath = path.join(from, LAYOUT.manifest);
  if (!existsSync(manifestPath)) throw new PantauError('BACKUP_INVALID', `${manifestPath} not found: not a complete backup written by npm run backup`);
  const manifest = parseManifest(await readFile(manifestPath, 'utf8'), manifestPath);
  if (engines.includes('influxdb') && (!manifest.influxdb || !existsSync(path.join(from, LAYOUT.influxdb)))) {
    throw new PantauError('BACKUP_INVALID', `${from} holds no InfluxDB backup (use --only postgres)`);
  }
  if (engines.includes('postgres') && (!manifest.postgres || !existsSync(path.join(from, LAYOUT.postgres)))) {
    throw new PantauError('BACKUP_INVALID', `${from} holds no PostgreSQL backup (use --only influxdb)`);
  }
  return manifest;
}

async function main(): Promise<void> {
  const started = Date.now();
  const args = parseRestoreArgs(process.argv.slice(2), process.cwd());
  const manifest = await readBackup(args.from, args.engines);
  log(`restoring ${args.engines.join(' and ')} from ${args.from} (taken ${manifest.createdAt})`);
  const targets = await openTargets(process.env, process.cwd(), args.engines, 'restore', log);
  secrets = targets.secrets;
  try {
    // Both targets are checked before either is written: a refusal leaves everything as it was.
    const dropInflux = targets.influx ? await checkInfluxTarget(targets.influx, args.replace) : false;
    const cleanPostgres = targets.postgres ? await checkPostgresTarget(targets.postgres, args.replace) : false;
    if (targets.influx) {
      log(`InfluxDB: ${targets.influx.label}`);
      const { database, continuousQueries = [] } = manifest.influxdb!;
      await restoreInflux(targets.influx, { dir: path.join(args.from, LAYOUT.influxdb), database, continuousQueries }, dropInflux, secrets, log);
    }
    if (targets.postgres) {
      log(`PostgreSQL: ${targets.postgres.label}`);
      await restorePostgres(targets.postgres, path.join(args.from, LAYOUT.postgres), cleanPostgres, log);
    }
  } finally {
    await targets.release();
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(`[restore] failed: ${redact(err instanceof Error ? err.message : String(err), secrets)}`);
  process.exit(1);
});
