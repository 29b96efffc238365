import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INGEST_NODE_FLAGS } from '../../ingest/node-flags';

const ROOT = path.resolve(import.meta.dirname, '../..');
const UNITS_DIR = path.join(ROOT, 'deploy/systemd');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Every file the processes read their environment in: a variable set in a unit must be read here. */
const CONFIG_SOURCES = [
  'ingest/config.ts',
  'ingest/notify/config.ts',
  'src/lib/server/config.ts',
  'src/lib/server/auth/auth-config.ts',
  'src/lib/server/client-address.ts',
  'src/lib/server/cap/config.ts',
  'src/lib/server/public/config.ts',
  'src/lib/core/influx-config.ts',
  'src/lib/metrics/config.ts',
  'src/lib/schemas/env.ts'
].map((f) => readFileSync(path.join(ROOT, f), 'utf8'));
/** Read by SvelteKit's adapter-node itself, not by our code. */
const ADAPTER_NODE_VARS = new Set(['ORIGIN', 'PROTOCOL_HEADER', 'HOST_HEADER', 'ADDRESS_HEADER', 'XFF_DEPTH']);

function isReadByCode(name: string): boolean {
  return ADAPTER_NODE_VARS.has(name) || CONFIG_SOURCES.some((src) => src.includes(`'${name}'`) || src.includes(`env.${name}`));
}

function unitEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of text.matchAll(/^Environment=([A-Z0-9_]+)=(.*)$/gm)) vars.set(m[1], m[2]);
  return vars;
}

describe('production units and environment example (deploy/)', () => {
  const units = readdirSync(UNITS_DIR).filter((f) => f.endsWith('.service'));

  it('has units for ingest workers, command centers, the notifier and the replay frames job', () => {
    expect(units.sort()).toEqual(['pantau-frames.service', 'pantau-ingest@.service', 'pantau-notify.service', 'pantau-web@.service']);
  });

  it.each(units)('%s starts an npm script that exists and sets only variables the code reads', (unit) => {
    const text = readFileSync(path.join(UNITS_DIR, unit), 'utf8');
    for (const section of ['[Unit]', '[Service]', '[Install]']) expect(text).toContain(section);
    const exec = /^ExecStart=\/usr\/bin\/npm run (\S+)$/m.exec(text);
    expect(exec, 'ExecStart=/usr/bin/npm run <script>').not.toBeNull();
    expect(Object.keys(scripts)).toContain(exec![1]);
    expect(text).toMatch(/^EnvironmentFile=\/etc\/pantau\/pantau\.env$/m);
    for (const name of unitEnv(text).keys()) expect(isReadByCode(name), `${unit} sets ${name}`).toBe(true);
  });

  it('gives each ingest worker its own index, MQTT session and journal', () => {
    const env = unitEnv(readFileSync(path.join(UNITS_DIR, 'pantau-ingest@.service'), 'utf8'));
    expect(env.get('INGEST_WORKER_INDEX')).toBe('%i');
    expect(env.get('INGEST_CLIENT_ID')).toContain('%i');
    expect(env.get('INGEST_WAL_DIR')).toContain('%i');
  });

  it('starts the notifier after InfluxDB and PostgreSQL (it restores its chains and reads its directory from them)', () => {
    const text = readFileSync(path.join(UNITS_DIR, 'pantau-notify.service'), 'utf8');
    const deps = (key: string) => new Set(text.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1].split(/\s+/));
    for (const unit of ['influxdb.service', 'postgresql.service']) {
      expect(deps('After').has(unit), `After=${unit}`).toBe(true);
      expect(deps('Wants').has(unit), `Wants=${unit}`).toBe(true);
    }
  });

  it('`npm run ingest` (which the ingest unit runs) passes the ingest’s node flags', () => {
    expect(scripts.ingest).toBe(`node ${INGEST_NODE_FLAGS.join(' ')} --import tsx ingest/main.ts`);
  });

  it('the environment example sets only variables the code reads', () => {
    const text = readFileSync(path.join(ROOT, 'deploy/pantau.env.example'), 'utf8');
    const names = [...text.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(isReadByCode(name), `pantau.env.example sets ${name}`).toBe(true);
  });
});
