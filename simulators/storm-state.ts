/**
 * npm start's storm across restarts. npm start pins the scenario start (scripts/backfill.ts) and the
 * simulator then plays that storm live; the readings land in InfluxDB. A restart that pinned a new
 * storm 3 h in would put it next to the old run's readings (Benanga −47 cm in five minutes). So the
 * pinned storm is kept in a small JSON file under the data dir, the simulator marks it as still
 * played once a minute, and the next start reuses it while that history is recent.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface SavedStorm {
  scenario: string;
  seed: number;
  /** Epoch ms at which the scenario clock started. */
  scenarioStartMs: number;
  /** Wall clock (epoch ms) at which a simulator last played it: its last readings are about this old. */
  lastSeenMs: number;
}

export interface StormRules {
  scenario: string;
  seed: number;
  /** How far into the scenario a new storm is joined (npm start: 3 h). */
  intoMs: number;
  /** After this long from its start the scenario is over: a restart then begins a new one. */
  lengthMs: number;
  /** A restart this long after the last readings still continues the storm ("a few hours"). */
  maxGapMs: number;
}

export interface StormChoice {
  scenarioStartMs: number;
  /** The stored history and this storm meet without a seam: the backfill may fill the gap between them. */
  joinsHistory: boolean;
  why: string;
}

/** Pure: which storm a start at nowMs plays, given what the last run saved (null: none or unreadable). */
export function chooseStorm(saved: SavedStorm | null, nowMs: number, r: StormRules): StormChoice {
  const gap = saved ? nowMs - saved.lastSeenMs : Infinity;
  const recent = gap >= 0 && gap <= r.maxGapMs;
  if (saved && recent && saved.scenario === r.scenario && saved.seed === r.seed && nowMs < saved.scenarioStartMs + r.lengthMs) {
    return { scenarioStartMs: saved.scenarioStartMs, joinsHistory: true, why: `continuing the storm of the last run (${(gap / 60_000).toFixed(0)} min since its last readings)` };
  }
  // Joined hours in, a new storm would overlap the last run's readings: start it where they end instead.
  if (gap >= 0 && gap < r.intoMs) {
    return { scenarioStartMs: saved!.lastSeenMs, joinsHistory: true, why: 'a new storm from where the last run ended (its storm is over)' };
  }
  return { scenarioStartMs: nowMs - r.intoMs, joinsHistory: false, why: saved ? 'a new storm (the last run is too long ago)' : 'a new storm' };
}

function isSavedStorm(x: unknown): x is SavedStorm {
  const o = x as Partial<SavedStorm> | null;
  return typeof o === 'object' && o !== null && typeof o.scenario === 'string' && [o.seed, o.scenarioStartMs, o.lastSeenMs].every((n) => Number.isFinite(n));
}

/** The saved storm, or null when there is none or it is unreadable (a new storm is then the safe choice). */
export function readSavedStorm(file: string): SavedStorm | null {
  try {
    const x: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isSavedStorm(x) ? x : null;
  } catch {
    return null;
  }
}

/** Written whole and renamed, so a reader never sees half a file. */
export function writeSavedStorm(file: string, s: SavedStorm): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(s) + '\n');
  renameSync(tmp, file);
}

/** The simulator's heartbeat: the saved storm was played until nowMs. False when the file is gone or unwritable. */
export function touchSavedStorm(file: string, nowMs: number): boolean {
  const s = readSavedStorm(file);
  if (!s) return false;
  try {
    writeSavedStorm(file, { ...s, lastSeenMs: nowMs });
    return true;
  } catch {
    return false;
  }
}
