import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PantauError } from '../../src/lib/core/errors';
import { readInfluxdAddresses } from './backup-config';
import { findFreePort, httpStatus } from './free-port';
import { formatInfluxdConfig } from './influxd-config';
import { serviceHandle, spawnManaged, waitUntilReady, type ManagedProcess, type ServiceHandle } from './managed-process';
import { findDaemon } from './which';

export const INFLUXD_READY_TIMEOUT_MS = 30_000;
const START_ATTEMPTS = 3;

export interface InfluxdOptions {
  dataDir: string;
  /** HTTP port; a free one when omitted. */
  port?: number;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  onLine?: (line: string) => void;
  binary?: string;
  /** Turns authentication on: this admin is created on first start (a data dir without users) and required after. */
  admin?: InfluxAdmin;
}

export interface InfluxAdmin {
  username: string;
  password: string;
}

export type InfluxdHandle = ServiceHandle;

/** Start a private InfluxDB 1.x on loopback, with all state in dataDir. Resolves when /ping answers 204. */
export async function startInfluxd(opts: InfluxdOptions): Promise<InfluxdHandle> {
  const binary = opts.binary ?? findDaemon('influxd');
  await mkdir(opts.dataDir, { recursive: true });
  const stock = await readStockConfig(binary);
  const configPath = path.join(opts.dataDir, 'influxdb.conf');
  await refuseIfRunning(configPath);
  let lastError: unknown;
  for (let attempt = 0; attempt < (opts.port ? 1 : START_ATTEMPTS); attempt++) {
    const port = opts.port ?? (await findFreePort());
    const rpcPort = await findFreePort();
    const config = formatInfluxdConfig(stock, { dataDir: opts.dataDir, httpPort: port, rpcPort, logLevel: opts.logLevel, authEnabled: Boolean(opts.admin) });
    await writeFile(configPath, config);
    try {
      const proc = await launch(binary, configPath, port, opts.onLine);
      if (opts.admin) {
        try {
          await ensureAdmin(`http://127.0.0.1:${port}`, opts.admin);
        } catch (err) {
          await proc.stop();
          throw err;
        }
      }
      return createHandle(binary, configPath, port, opts, proc);
    } catch (err) {
      lastError = err; // most often a port taken between findFreePort and bind: try new ports
    }
  }
  throw lastError;
}

/** The managed InfluxDB's admin, generated once into `<dir>/credentials.json` (0600) and reused. */
export async function ensureInfluxAdminFile(dir: string): Promise<InfluxAdmin & { file: string }> {
  const file = path.join(dir, 'credentials.json');
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<InfluxAdmin>;
    if (typeof saved.username === 'string' && typeof saved.password === 'string' && saved.password.length >= 16) {
      await chmod(file, 0o600);
      return { username: saved.username, password: saved.password, file };
    }
  } catch {
    // missing or damaged: make a new one (a data dir that has another admin then says so at start)
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const admin = { username: 'pantau', password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(admin, null, 2) + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return { ...admin, file };
}

/**
 * With auth on, InfluxDB 1.x accepts CREATE USER without credentials only while it has no users:
 * the first start creates the admin, later starts just check that its password still works.
 */
async function ensureAdmin(url: string, admin: InfluxAdmin): Promise<void> {
  const auth = `&u=${encodeURIComponent(admin.username)}&p=${encodeURIComponent(admin.password)}`;
  const works = await fetch(`${url}/query?q=${encodeURIComponent('SHOW USERS')}${auth}`).then((r) => r.status === 200, () => false);
  if (works) return;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(admin.username) || !/^[A-Za-z0-9_-]{16,128}$/.test(admin.password)) {
    throw new PantauError('INFLUXD_AUTH', 'the generated InfluxDB admin name or password has unexpected characters');
  }
  const q = `CREATE USER "${admin.username}" WITH PASSWORD '${admin.password}' WITH ALL PRIVILEGES`;
  const res = await fetch(`${url}/query?q=${encodeURIComponent(q)}`, { method: 'POST' });
  if (res.status !== 200 || /"error"/.test(await res.text())) {
    throw new PantauError('INFLUXD_AUTH', 'the managed InfluxDB has users but not our generated admin: remove its data dir or set INFLUX_URL');
  }
}

async function readStockConfig(binary: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(binary, ['config'], { timeout: 10_000 });
    return stdout;
  } catch (err) {
    throw new PantauError('INFLUXD_MISSING', `cannot run "${binary} config" (is the influxdb package installed?)`, { cause: err });
  }
}

/**
 * InfluxDB 1.x does not lock its data dir: a second influxd on it (after this function rewrote the first
 * one's config) loses the points either writes. The config names the port of the one that may run; it is
 * ours if it reports running with this very config file (its /debug/vars command line).
 */
async function refuseIfRunning(configPath: string): Promise<void> {
  if (!existsSync(configPath)) return;
  let http: string;
  try {
    http = readInfluxdAddresses(await readFile(configPath, 'utf8')).http;
  } catch {
    return; // not a config we wrote: nothing of ours runs from it
  }
  const cmdline = await fetch(`http://${http}/debug/vars`, { signal: AbortSignal.timeout(2000) })
    .then((r) => (r.ok ? (r.json() as Promise<{ cmdline?: unknown }>) : { cmdline: undefined }))
    .then((vars) => (Array.isArray(vars.cmdline) ? vars.cmdline.map(String) : []))
    .catch(() => [] as string[]);
  const at = cmdline.indexOf('-config');
  if (at >= 0 && path.resolve(cmdline[at + 1] ?? '') === path.resolve(configPath)) {
    throw new PantauError('INFLUXD_RUNNING', `an InfluxDB already runs on ${path.dirname(configPath)} (http://${http}): a second one on the same data dir would lose points`);
  }
}

async function launch(binary: string, configPath: string, port: number, onLine?: (l: string) => void): Promise<ManagedProcess> {
  const proc = spawnManaged({ name: `influxd:${port}`, command: binary, args: ['run', '-config', configPath], onLine });
  const ping = async () => (await httpStatus(`http://127.0.0.1:${port}/ping`)) === 204;
  try {
    await waitUntilReady(proc, 'answer on /ping', ping, INFLUXD_READY_TIMEOUT_MS);
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return proc;
}

function createHandle(binary: string, configPath: string, port: number, opts: InfluxdOptions, first: ManagedProcess): InfluxdHandle {
  return serviceHandle({ url: `http://127.0.0.1:${port}`, port, dataDir: opts.dataDir }, first, () => launch(binary, configPath, port, opts.onLine));
}
