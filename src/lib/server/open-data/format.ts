import { FIELDS } from '../../core/sensor';
import { openColumns, type OpenRequest } from './request';

/**
 * Open data answers: the readings with the licence they are published under, as JSON or CSV. The
 * licence travels with the data (JSON field, CSV header comment, `Link: rel="license"` header), so a
 * file passed on still says how it may be used.
 */
export const OPEN_LICENCE = Object.freeze({
  name: 'CC BY 4.0',
  spdx: 'CC-BY-4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  attribution: 'Pantau Samarinda (Pemerintah Kota Samarinda)'
});

export function licenceHeaders(): Record<string, string> {
  return { link: `<${OPEN_LICENCE.url}>; rel="license"`, 'x-license': OPEN_LICENCE.spdx, 'access-control-allow-origin': '*' };
}

export interface OpenRows {
  columns: string[];
  /** `time` (epoch ms) then one value per column, null where a row lacks it. */
  rows: (number | null)[][];
  truncated: boolean;
}

/** Rows out of InfluxDB's answer (`time` first in each series), in the request's column order. */
export function toOpenRows(req: OpenRequest, series: { columns: string[]; values: unknown[][] }[], maxRows: number): OpenRows {
  const columns = openColumns(req);
  const rows: (number | null)[][] = [];
  for (const s of series) {
    const at = ['time', ...columns].map((c) => s.columns.indexOf(c));
    for (const v of s.values) {
      const row = at.map((i) => (i >= 0 && typeof v[i] === 'number' && Number.isFinite(v[i]) ? (v[i] as number) : null));
      if (row[0] !== null && row.slice(1).some((x) => x !== null)) rows.push(row);
    }
  }
  rows.sort((a, b) => a[0]! - b[0]!);
  return { columns, rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One line of a CSV comment: no line breaks or control characters can end it early. */
const commentText = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, ' ');

function units(req: OpenRequest): string {
  const fields = FIELDS[req.sensor.kind] as Record<string, { unit: string }>;
  return Object.entries(fields).map(([f, spec]) => `${f} ${spec.unit}`).join(', ');
}

export function formatOpenCsv(req: OpenRequest, data: OpenRows): string {
  const s = req.sensor;
  const head = [
    `# Pantau Samarinda open data. Licence: ${OPEN_LICENCE.name} (${OPEN_LICENCE.url}). Attribution: ${OPEN_LICENCE.attribution}.`,
    `# sensor: ${s.id} (${s.kind}), ${s.name}, ${s.district}, lat ${s.lat}, lon ${s.lon}`,
    `# resolution: ${req.resolution}; from ${iso(req.fromMs)} (included) to ${iso(req.toMs)} (excluded); units: ${units(req)}`,
    ...(data.truncated ? [`# truncated: more than ${data.rows.length} rows; ask again from the last time given`] : [])
  ].map(commentText);
  // Every cell is a number or an ISO time (no text from a request or the catalog): nothing to quote.
  const lines = data.rows.map(([t, ...values]) => [iso(t!), ...values.map((v) => (v === null ? '' : String(v)))].join(','));
  return `${[...head, ['time', ...data.columns].join(','), ...lines].join('\n')}\n`;
}

export function formatOpenJson(req: OpenRequest, data: OpenRows): string {
  const s = req.sensor;
  return JSON.stringify({
    licence: OPEN_LICENCE,
    sensor: { id: s.id, kind: s.kind, name: s.name, district: s.district, lat: s.lat, lon: s.lon },
    units: Object.fromEntries(Object.entries(FIELDS[s.kind] as Record<string, { unit: string }>).map(([f, spec]) => [f, spec.unit])),
    resolution: req.resolution,
    from: iso(req.fromMs),
    to: iso(req.toMs),
    columns: ['time', ...data.columns],
    rows: data.rows.map(([t, ...values]) => [iso(t!), ...values]),
    truncated: data.truncated
  });
}
