import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canConnect, findFreePort } from './free-port';
import { serviceHandle, spawnManaged, waitUntilReady, type ManagedProcess, type ServiceHandle } from './managed-process';
import { findDaemon } from './which';
import { MAX_PACKET_BYTES } from './mqtt-acl';

export const MOSQUITTO_READY_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 3;
/** Stock Mosquitto keeps 1000 queued messages per client and drops the rest, at QoS 1 too. */
export const MAX_QUEUED_MESSAGES = 1_000_000;
export const MAX_INFLIGHT_MESSAGES = 1000;

export interface MosquittoOptions {
  dataDir: string;
  port?: number;
  /** Appended to the generated config; if it mentions allow_anonymous or password_file we leave auth to it. */
  extraConfig?: string;
  onLine?: (line: string) => void;
  /** Default: `mosquitto` on PATH, else in /usr/sbin (Debian's place, not on a non-root PATH). */
  binary?: string;
}

/** mqtt://127.0.0.1:<port> */
export type MosquittoHandle = ServiceHandle;

export function formatMosquittoConfig(o: { dataDir: string; port: number; extraConfig?: string; runningAsRoot: boolean }): string {
  const extra = o.extraConfig ?? '';
  const ownsAuth = /^\s*(allow_anonymous|password_file)\b/m.test(extra);
  // The generated broker config (mqtt-acl.ts formatBrokerConfig) sets it too; Mosquitto takes an option once.
  const ownsPacketSize = /^\s*max_packet_size\b/m.test(extra);
  const lines = [
    `listener ${o.port} 127.0.0.1`,
    ownsAuth ? '' : 'allow_anonymous true',
    'persistence true',
    `persistence_location ${o.dataDir.replace(/\/+$/, '')}/`,
    'autosave_interval 5',
    `max_queued_messages ${MAX_QUEUED_MESSAGES}`,
    'max_queued_bytes 0',
    `max_inflight_messages ${MAX_INFLIGHT_MESSAGES}`,
    ownsPacketSize ? '' : `max_packet_size ${MAX_PACKET_BYTES}`,
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    // As root Mosquitto drops to user "mosquitto", who cannot write our temp data dir.
    o.runningAsRoot ? 'user root' : '',
    extra
  ];
  return lines.filter(Boolean).join('\n') + '\n';
}

/** Start a private Mosquitto on loopback. Resolves when a TCP connect succeeds. */
export async function startMosquitto(opts: MosquittoOptions): Promise<MosquittoHandle> {
  await mkdir(opts.dataDir, { recursive: true });
  const configPath = path.join(opts.dataDir, 'mosquitto.conf');
  let lastError: unknown;
  for (let attempt = 0; attempt < (opts.port ? 1 : START_ATTEMPTS); attempt++) {
    const port = opts.port ?? (await findFreePort());
    const runningAsRoot = process.getuid?.() === 0;
    await writeFile(configPath, formatMosquittoConfig({ dataDir: opts.dataDir, port, extraConfig: opts.extraConfig, runningAsRoot }));
    try {
      const proc = await launch(opts.binary ?? findDaemon('mosquitto'), configPath, port, opts.onLine);
      return createHandle(opts, configPath, port, proc);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function launch(binary: string, configPath: string, port: number, onLine?: (l: string) => void): Promise<ManagedProcess> {
  const proc = spawnManaged({ name: `mosquitto:${port}`, command: binary, args: ['-c', configPath], onLine });
  try {
    await waitUntilReady(proc, `TCP connect on port ${port}`, () => canConnect(port), MOSQUITTO_READY_TIMEOUT_MS);
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return proc;
}

function createHandle(opts: MosquittoOptions, configPath: string, port: number, first: ManagedProcess): MosquittoHandle {
  const binary = opts.binary ?? findDaemon('mosquitto');
  return serviceHandle({ url: `mqtt://127.0.0.1:${port}`, port, dataDir: opts.dataDir }, first, () => launch(binary, configPath, port, opts.onLine));
}
