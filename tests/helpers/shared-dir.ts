import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The team's read-only material (`shared/`: NAB data, payload examples). It sits beside the
 * checkout (`../shared`); a clone made elsewhere (a clean-clone check in a temp dir) finds it
 * through PANTAU_SHARED_DIR or the workplace's own copy. The product never reads it.
 */
export function sharedDir(sub = ''): string {
  const candidates = [process.env.PANTAU_SHARED_DIR, path.join(ROOT, '..', 'shared'), '/work/shared'].filter((c): c is string => !!c);
  for (const dir of candidates) {
    if (existsSync(path.join(dir, sub))) return path.join(dir, sub);
  }
  throw new Error(`shared/${sub} not found (looked in ${candidates.join(', ')}); set PANTAU_SHARED_DIR to the folder holding shared/`);
}
