/** The forecast benchmark's data layout (shared/forecast/README.md): DATA/<river>/network.json + <station>.csv. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** A gauge's series: ascending timestamps (epoch s) and levels (cm). */
export interface Series {
  ts: number[];
  level: number[];
}

/** Forecasts of one station: issue time (epoch s) → level per horizon (absent = none). */
export type StationForecasts = Map<number, Partial<Record<Horizon, number>>>;

/** ISO 8601 UTC, first 19 characters (as score.py reads it) → epoch seconds. */
export function parseIsoSeconds(s: string): number {
  return Date.parse(`${s.slice(0, 19)}Z`) / 1000;
}

export function formatIsoSeconds(t: number): string {
  return `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
}

export function listNetworks(dataDir: string): Network[] {
  return readdirSync(dataDir)
    .filter((r) => existsSync(join(dataDir, r, 'network.json')))
    .sort()
    .map((river) => {
      const raw = JSON.parse(readFileSync(join(dataDir, river, 'network.json'), 'utf8')) as {
        stations: { id: string; name: string; order: number; warn_cm: number | null }[];
      };
      const stations = raw.stations.map((s) => ({ id: s.id, name: s.name, order: s.order, warnCm: s.warn_cm ?? null }));
      return { river, stations };
    });
}

/** A station's readings; rows with an empty level are skipped (as score.py does). */
export function parseSeriesCsv(text: string): Series {
  const out: Series = { ts: [], level: [] };
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const [t, v] = lines[i].split(',');
    if (!t || v === undefined || v === '') continue;
    // A row that cannot be read (a bad timestamp, "nan") is a missing reading, not a crash of the whole run.
    const [ts, level] = [parseIsoSeconds(t), Number(v)];
    if (!Number.isFinite(ts) || !Number.isFinite(level)) continue;
    out.ts.push(ts);
    out.level.push(level);
  }
  return out;
}

/** A station listed without its CSV is a gauge with no readings (said on stderr), so the rest still runs. */
export function readSeries(dataDir: string, river: string, id: string): Series {
  const path = join(dataDir, river, `${id}.csv`);
  if (existsSync(path)) return parseSeriesCsv(readFileSync(path, 'utf8'));
  process.stderr.write(`bench:forecast: ${path} is missing; station ${id} has no readings\n`);
  return { ts: [], level: [] };
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
    out.set(parseIsoSeconds(cells[0]), vals);
  }
  return out;
}

export function readForecasts(dir: string, river: string, id: string): StationForecasts {
  const path = join(dir, river, `${id}.csv`);
  return existsSync(path) ? parseForecastCsv(readFileSync(path, 'utf8')) : new Map();
}

export function formatForecastCsv(ts: readonly number[], rows: readonly (readonly (number | null)[])[]): string {
  const cell = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : v.toFixed(2));
  const lines = ['timestamp,h30,h60,h120'];
  for (let i = 0; i < ts.length; i++) lines.push(`${formatIsoSeconds(ts[i])},${rows[i].map(cell).join(',')}`);
  return `${lines.join('\n')}\n`;
}
