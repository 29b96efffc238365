import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { findDaemon } from './which';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A Debian non-root user's PATH: no /usr/sbin, where mosquitto lives. */
const USER_PATH = '/usr/local/bin:/usr/bin:/bin';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pantau-which-'));
const onPath = path.join(tmp, 'bin');
const sbin = path.join(tmp, 'sbin');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function executable(dir: string, name: string): string {
  const file = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('finding a daemon outside PATH', () => {
  it('looks in the sbin dirs after PATH, prefers PATH, and gives the bare name when it is nowhere', () => {
    const inSbin = executable(sbin, 'pantau-daemon');
    expect(findDaemon('pantau-daemon', USER_PATH, [sbin])).toBe(inSbin);
    const inPath = executable(onPath, 'pantau-daemon');
    expect(findDaemon('pantau-daemon', `${onPath}:${USER_PATH}`, [sbin])).toBe(inPath);
    expect(findDaemon('pantau-no-such-daemon', USER_PATH, [sbin])).toBe('pantau-no-such-daemon');
  });

  it('ensure-deps.sh finds the installed mosquitto for a user whose PATH has no /usr/sbin (it asked them to install it)', async () => {
    // As root, check as "nobody": a root run that found something missing would apt-get install it.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : [];
    const env = { PATH: USER_PATH, HOME: os.tmpdir(), INFLUX_URL: 'http://127.0.0.1:1', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/d', PANTAU_BROKER: 'mosquitto' };
    const [command, ...args] = [...asUser, 'bash', 'scripts/ensure-deps.sh', 'start'];
    const result = await promisify(execFile)(command, args, { cwd: ROOT, env, timeout: 20_000 }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout })
    );
    expect(result.stdout).not.toContain('Missing system packages');
    expect(result.code).toBe(0);
    // The launcher finds the same binary the check accepted.
    expect(findDaemon('mosquitto', USER_PATH)).toMatch(/^\/.*\/mosquitto$/);
  });
});
