/**
 * The forecast split's files (shared/forecast/README.md), read one way by bench:forecast and
 * bench:rivers: `<river>/network.json` and `<station>.csv` of `timestamp,level_cm`. Other rivers
 * and months come from other exports, so everything the layout leaves open is taken as it comes
 * (optional fields missing, CRLF, a BOM, quoted cells, `.000Z` or `+00:00` stamps) and what cannot
 * be read is a note or an error the caller prints, never a crash. Pure: text in, data out.
 */

export interface LayoutStation {
  id: string;
  name: string;
  lat: number;
  lon: number;
  /** Upstream (low) to downstream; the listing position when network.json gives none. */
  order: number;
  warnCm: number | null;
}

export interface LayoutNetwork {
  /** network.json's `river`, else the folder name. */
  river: string;
  /** network.json's `step_s` when it is a positive number. */
  stepS: number | null;
  /** In network.json's listing order (the reference forecasters take the previous one as upstream). */
  stations: LayoutStation[];
}

export type Parsed<T> = { ok: true; value: T; notes: string[] } | { ok: false; error: string };

/** A station's CSV: its readings (epoch s, ascending as given) and every data row's own timestamp text. */
export interface LevelCsv {
  ts: number[];
  level: number[];
  /** Each data row's timestamp cell as written (echoed in the output, so score.py finds the same text). */
  stamps: string[];
  /** Per data row: its index in ts/level, or -1 when the row has no readable level or time. */
  reading: number[];
}

const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** ISO 8601, first 19 characters read as UTC (as score.py reads them) → epoch seconds; NaN if unreadable. */
export function parseIsoSeconds(s: string): number {
  const head = s.slice(0, 19);
  if (!/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d$/.test(head)) return Number.NaN;
  return Date.parse(`${head.slice(0, 10)}T${head.slice(11)}Z`) / 1000;
}

/** A number, or a string holding one (an export may quote numbers); null otherwise. */
function finiteOrNull(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** A station id must name a file beside network.json. */
function usableId(raw: unknown): string | null {
  const id = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  if (typeof id !== 'string' || id.trim() === '' || /[/\\\0]/.test(id) || id === '.' || id === '..') return null;
  return id;
}

function parseStation(raw: unknown, i: number, notes: string[]): LayoutStation | null {
  if (raw === null || typeof raw !== 'object') {
    notes.push(`station #${i + 1} is not an object: skipped`);
    return null;
  }
  const s = raw as Record<string, unknown>;
  const id = usableId(s.id);
  if (id === null) {
    notes.push(`station #${i + 1} has no usable id (${JSON.stringify(s.id)}): skipped`);
    return null;
  }
  let order = finiteOrNull(s.order);
  if (order === null) {
    if (s.order !== undefined) notes.push(`station ${id}: order ${JSON.stringify(s.order)} is not a number, its listing position ${i} is used`);
    order = i;
  }
  const warnCm = finiteOrNull(s.warn_cm);
  if (warnCm === null && s.warn_cm !== null && s.warn_cm !== undefined) notes.push(`station ${id}: warn_cm ${JSON.stringify(s.warn_cm)} is not a number, taken as none`);
  const name = typeof s.name === 'string' && s.name !== '' ? s.name : id;
  return { id, name, lat: finiteOrNull(s.lat) ?? 0, lon: finiteOrNull(s.lon) ?? 0, order, warnCm };
}

/** network.json of the river folder `folder`; bad stations are skipped with a note, a bad file is an error. */
export function parseNetworkJson(text: string, folder: string): Parsed<LayoutNetwork> {
  let raw: unknown;
  try {
    raw = JSON.parse(stripBom(text));
  } catch (e) {
    return { ok: false, error: `network.json is not valid JSON (${(e as Error).message})` };
  }
  const net = raw as Record<string, unknown> | null;
  if (net === null || typeof net !== 'object' || !Array.isArray(net.stations)) return { ok: false, error: 'network.json has no "stations" list' };
  const notes: string[] = [];
  const seen = new Set<string>();
  const stations: LayoutStation[] = [];
  net.stations.forEach((r, i) => {
    const s = parseStation(r, i, notes);
    if (s === null) return;
    if (seen.has(s.id)) {
      notes.push(`station ${s.id} is listed twice: the second listing is skipped`);
      return;
    }
    seen.add(s.id);
    stations.push(s);
  });
  const step = finiteOrNull(net.step_s);
  const river = typeof net.river === 'string' && net.river.trim() !== '' ? net.river : folder;
  return { ok: true, value: { river, stepS: step !== null && step > 0 ? step : null, stations }, notes };
}

/** One CSV cell: trimmed, surrounding double quotes removed. */
function cell(s: string | undefined): string {
  const t = (s ?? '').trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/**
 * A station's `timestamp,level_cm` CSV. The first line is the header (as score.py takes it); blank
 * lines are no rows; a row with an empty, unreadable or non-finite level, or an unreadable time, is
 * a row without a reading (score.py skips empty levels too).
 */
export function parseLevelCsv(text: string): LevelCsv {
  const out: LevelCsv = { ts: [], level: [], stamps: [], reading: [] };
  const lines = stripBom(text).split(/\r\n|\n|\r/);
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    const stamp = cell(cells[0]);
    const v = cell(cells[1]);
    const [t, level] = [parseIsoSeconds(stamp), v === '' ? Number.NaN : Number(v)];
    out.stamps.push(stamp);
    if (!Number.isFinite(t) || !Number.isFinite(level)) {
      out.reading.push(-1);
      continue;
    }
    out.reading.push(out.ts.length);
    out.ts.push(t);
    out.level.push(level);
  }
  return out;
}
