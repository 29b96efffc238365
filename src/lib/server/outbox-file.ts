import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { AlertEvent } from '../core/alert';
import { isAlertEvent } from './alert-store';

/** One person's alert event on its way out: to the broker (`published`) and to InfluxDB (`stored`). */
export interface OutboxEntry {
  event: AlertEvent;
  published: boolean;
  stored: boolean;
}

/** The outbox's file in the web's data dir (PANTAU_WEB_DATA_DIR). */
export const OUTBOX_FILE = 'alert-actions-outbox.jsonl';

/** The line of one entry; its length counts against the outbox's byte bound. */
export function formatOutboxLine(e: OutboxEntry): string {
  return JSON.stringify({ event: e.event, published: e.published, stored: e.stored }) + '\n';
}

/**
 * Replaces the file with these entries: written beside it, synced, then renamed over it, so a crash
 * leaves the old list or the new one, never half of one. Throws when the disk refuses.
 */
export function saveOutbox(file: string, lines: readonly string[]): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, lines.join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * The entries a previous run left, oldest first, at most `maxEntries`. No file is an empty outbox;
 * a line that is not an entry (a damaged disk, a hand edit) is skipped and counted, not fatal.
 */
export function loadOutbox(file: string, maxEntries: number): { entries: OutboxEntry[]; skipped: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
    throw err;
  }
  const entries: OutboxEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const entry = parseEntry(line);
    if (entry && entries.length < maxEntries) entries.push(entry);
    else skipped++;
  }
  return { entries, skipped };
}

function parseEntry(line: string): OutboxEntry | null {
  try {
    const v = JSON.parse(line) as Partial<OutboxEntry>;
    if (!isAlertEvent(v.event) || typeof v.published !== 'boolean' || typeof v.stored !== 'boolean') return null;
    return { event: v.event, published: v.published, stored: v.stored };
  } catch {
    return null;
  }
}
