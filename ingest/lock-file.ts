import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * Lock files taken exclusively (the journal's LOCK, npm start's start.lock). link() fails with
 * EEXIST when the lock exists, and the whole text is in place before the name is: of two processes
 * starting at once, one gets it, and nobody reads a half-written lock.
 */
export function createExclusive(file: string, text: string, mode = 0o600): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Removes a stale lock whose text was read as `staleText`: moved aside first, and put back if it is
 * not that one any more (another process took the lock meanwhile). True when it is gone.
 */
export function removeStale(file: string, staleText: string): boolean {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return true; // already gone
  }
  if (readFileSync(aside, 'utf8') === staleText) {
    unlinkSync(aside);
    return true;
  }
  renameSync(aside, file);
  return false;
}
