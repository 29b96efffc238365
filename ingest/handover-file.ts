/**
 * The handover's state (handover.ts) next to the worker's journal, so a worker that restarts under a
 * newer registry version still knows which sensors it owned before and stores their backlog. Written
 * at start and on each version (rare); a missing or broken file means a first start, never a failure.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HandoverSaved } from './handover';

export const HANDOVER_FILE = 'handover.json';

export interface HandoverStore {
  load(): HandoverSaved | null;
  save(state: HandoverSaved): void;
}

export function handoverFile(dir: string, log: (message: string) => void): HandoverStore {
  const file = path.join(dir, HANDOVER_FILE);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return null; // first start in this journal dir
      }
      const state = parseHandover(text);
      if (!state) log(`${file} is not a handover state: ignored (sensors moved while this worker was down are not stored by it)`);
      return state;
    },
    save(state) {
      // Whole or not at all: a crash mid-write leaves the previous state, not half a list.
      const tmp = `${file}.tmp`;
      try {
        writeFileSync(tmp, JSON.stringify(state));
        renameSync(tmp, file);
      } catch (err) {
        log(`could not save ${file}: ${(err as Error).message}`);
      }
    }
  };
}

export function parseHandover(text: string): HandoverSaved | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { owned, left } = value as Record<string, unknown>;
  if (!Array.isArray(owned) || !owned.every((id) => typeof id === 'string')) return null;
  if (!Array.isArray(left) || !left.every(isLeftEntry)) return null;
  return { owned, left };
}

function isLeftEntry(entry: unknown): entry is [string, number] {
  return Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && Number.isFinite(entry[1]);
}
