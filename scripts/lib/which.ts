import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The full path of an executable on PATH, or null. */
export function findExecutable(name: string, envPath = process.env.PATH ?? ''): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Where Debian puts daemons outside a non-root user's PATH (mosquitto is /usr/sbin/mosquitto): searched after PATH.
 * scripts/ensure-deps.sh looks in the same places.
 */
export const SYSTEM_BIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'] as const;

/** A daemon's full path: on PATH, else in the sbin dirs; the bare name when nowhere (spawning it then says "not found"). */
export function findDaemon(name: string, envPath = process.env.PATH ?? '', extraDirs: readonly string[] = SYSTEM_BIN_DIRS): string {
  return findExecutable(name, [envPath, ...extraDirs].join(path.delimiter)) ?? name;
}
