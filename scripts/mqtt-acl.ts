/**
 * `npm run mqtt:acl -- --catalog <catalog.json> --out <dir> [--simulator]`
 *
 * Writes into <dir> (created, mode 0700):
 *   passwd          Mosquitto password file (hashed by Debian's mosquitto_passwd)
 *   acl             Mosquitto acl_file: each sensor writes only its own topic
 *   secrets.json    every user name and clear password, for provisioning sensors and services (mode 0600)
 *   mosquitto.conf  the three lines that enable them (include it from the broker's config)
 * Every run makes new random passwords: re-provision every client after running it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../ingest/catalog';
import { readCatalogFile } from '../ingest/config';
import { formatBrokerConfig, formatPlainPasswordFile, planMqttAcl } from './lib/mqtt-acl';

export interface AclFiles {
  passwordFile: string;
  aclFile: string;
  secretsFile: string;
  configFile: string;
  users: number;
}

export function writeMqttAcl(catalogPath: string, outDir: string, opts: { simulator?: boolean } = {}): AclFiles {
  const catalog = loadCatalog(readCatalogFile(catalogPath));
  const plan = planMqttAcl(catalog, opts);
  const dir = path.resolve(outDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    passwordFile: path.join(dir, 'passwd'),
    aclFile: path.join(dir, 'acl'),
    secretsFile: path.join(dir, 'secrets.json'),
    configFile: path.join(dir, 'mosquitto.conf')
  };
  // Clear text only for the moment mosquitto_passwd -U hashes the file in place (one process for all users).
  writeFileSync(files.passwordFile, formatPlainPasswordFile(plan.credentials), { mode: 0o600 });
  chmodSync(files.passwordFile, 0o600);
  execFileSync('mosquitto_passwd', ['-U', files.passwordFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(files.aclFile, plan.acl, { mode: 0o644 });
  writeFileSync(files.secretsFile, JSON.stringify({ generatedAt: new Date().toISOString(), users: plan.credentials }, null, 2) + '\n', { mode: 0o600 });
  chmodSync(files.secretsFile, 0o600);
  writeFileSync(files.configFile, formatBrokerConfig(files));
  return { ...files, users: plan.credentials.length };
}

function main(): void {
  const { values } = parseArgs({
    options: { catalog: { type: 'string', default: 'src/lib/catalog/samarinda.json' }, out: { type: 'string' }, simulator: { type: 'boolean', default: false } }
  });
  if (!values.out) {
    console.error('usage: npm run mqtt:acl -- --catalog <catalog.json> --out <dir> [--simulator]');
    process.exit(2);
  }
  const r = writeMqttAcl(values.catalog!, values.out, { simulator: values.simulator });
  console.log(`${r.users} MQTT users → ${r.passwordFile}, ${r.aclFile}; passwords in ${r.secretsFile} (keep it secret); broker lines in ${r.configFile}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) main();
