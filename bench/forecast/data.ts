/** The forecast benchmark's data layout (shared/forecast/README.md): DATA/<river>/network.json + <station>.csv. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRiverFolders, type Say } from './folders';
import { parseIsoSeconds, parseLevelCsv } from './layout';

export { parseIsoSeconds } from './layout';

export const HORIZONS_MIN = [30, 60, 120] as const;
export type Horizon = (typeof HORIZONS_MIN)[number];

export interface Station {
  id: string;
  name: string;
  order: number;
  warnCm: number | null;
}

export interface Network {
  /** Folder name under DATA. */
  river: string;
  stations: Station[];
}

/** A gauge's series: timestamps (epoch s, ascending as the file gives them) and levels (cm). */
export interface Series {
  ts: number[];
  level: number[];
  /** The CSV's data rows, when read from one: each row's timestamp text and its reading (-1: none), so the output has one row per input row. */
  input?: { stamps: string[]; reading: number[] };
}

/** Forecasts of one station: issue time (epoch s) → level per horizon (absent = none). */
export type StationForecasts = Map<number, Partial<Record<Horizon, number>>>;

export function formatIsoSeconds(t: number): string {
  return `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
}

export type { Say } from './folders';
const toStderr: Say = (line) => process.stderr.write(`bench:forecast: ${line}\n`);

/**
 * The river folders of DATA with a readable network.json, by folder name. A folder without one, or
 * with one that cannot be read, is skipped and said; so are stations network.json lists badly.
 */
export function listNetworks(dataDir: string, say: Say = toStderr): Network[] {
  return readRiverFolders(dataDir, say).map(({ folder, network }) => ({
    river: folder,
    stations: network.stations.map((s) => ({ id: s.id, name: s.name, order: s.order, warnCm: s.warnCm }))
  }));
}

/** A station's readings (layout.ts: rows without a readable level or time are rows without a reading, as in score.py). */
export function parseSeriesCsv(text: string): Series {
  const c = parseLevelCsv(text);
  return { ts: c.ts, level: c.level, input: { stamps: c.stamps, reading: c.reading } };
}

/** A station listed without its CSV is a gauge with no readings (said on stderr), so the rest still runs. */
export function readSeries(dataDir: string, river: string, id: string, say: Say = toStderr): Series {
  const path = join(dataDir, river, `${id}.csv`);
  if (!existsSync(path)) {
    say(`${path} is missing; station ${id} has no readings`);
    return { ts: [], level: [] };
  }
  try {
    return parseSeriesCsv(readFileSync(path, 'utf8'));
  } catch (e) {
    say(`${path} cannot be read (${(e as Error).message}); station ${id} has no readings`);
    return { ts: [], level: [] };
  }
}

/**
 * The same gauge read less often: every `every`-th reading kept, then each dropped with chance
 * `drop` (deterministic from `seed`). How the forecaster holds up at 15-, 30- or 60-min sensors
 * and with missed readings, on real water (`bench:forecast -- --every 3 --drop 0.2`).
 */
export function thinSeries(s: Series, every: number, drop: number, seed: number): Series {
  let state = (seed * 2654435761) >>> 0 || 1;
  const chance = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out: Series = { ts: [], level: [] };
  s.ts.forEach((t, k) => {
    if (k % every !== 0 || chance() < drop) return;
    out.ts.push(t);
    out.level.push(s.level[k]);
  });
  return out;
}

/** Forecast CSV (timestamp,h30,h60,h120, any column order); empty, NaN or absurd cells are no forecast. */
export function parseForecastCsv(text: string): StationForecasts {
  const out: StationForecasts = new Map();
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  const cols = HORIZONS_MIN.map((h) => [h, header.indexOf(`h${h}`)] as const).filter(([, i]) => i >= 0);
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const cells = lines[i].split(',');
    const vals: Partial<Record<Horizon, number>> = {};
    for (const [h, c] of cols) {
      const s = cells[c];
      if (s === undefined || s === '') continue;
      const v = Number(s);
      if (Number.isFinite(v) && Math.abs(v) < 1e7) vals[h] = v;
    }
    const t = parseIsoSeconds(cells[0]);
    if (Number.isFinite(t)) out.set(t, vals);
  }
  return out;
}

export function readForecasts(dir: string, river: string, id: string): StationForecasts {
  const path = join(dir, river, `${id}.csv`);
  return existsSync(path) ? parseForecastCsv(readFileSync(path, 'utf8')) : new Map();
}

/** A forecast as its output file holds it and score.py reads it back: 2 decimals; none when not finite or 1e7 or more in size. */
export function asWritten(v: number | null): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  const w = Number(v.toFixed(2));
  return Math.abs(w) < 1e7 ? w : null;
}

/**
 * The output CSV of one station. With the CSV's `input` rows: one line per input data row, its
 * timestamp text as given (rows without a reading get empty cells); else one line per reading.
 */
export function formatForecastCsv(ts: readonly number[], rows: readonly (readonly (number | null)[])[], input?: Series['input']): string {
  const cell = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : v.toFixed(2));
  const line = (stamp: string, k: number) => `${stamp},${k >= 0 && rows[k] ? rows[k].map(cell).join(',') : ',,'}`;
  const lines = ['timestamp,h30,h60,h120'];
  if (input) for (let r = 0; r < input.stamps.length; r++) lines.push(line(input.stamps[r], input.reading[r]));
  else for (let i = 0; i < ts.length; i++) lines.push(line(formatIsoSeconds(ts[i]), i));
  return `${lines.join('\n')}\n`;
}
