import type { RequestHandler } from './$types';
import { audit, guard, readBody, refuse, reply } from '$lib/server/registry/http';
import { auditDetail, refusalArgs } from '$lib/i18n/audit-detail';
import { MAX_IMPORT_BYTES, parseCsvImport, parseGeoJsonImport } from '$lib/server/registry/parse-import';

/**
 * `{ format: "csv" | "geojson", content: "<the file's text>", reason }`. All or nothing: any problem
 * refuses the whole file, with every problem listed by row (`rows: [{label, errors}]`).
 */
export const POST: RequestHandler = async (event) => {
  const g = await guard(event, 'import');
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const { format, content } = b.body;
  if (format !== 'csv' && format !== 'geojson') return refuse(400, ['format must be csv or geojson'], 'INVALID');
  if (typeof content !== 'string') return refuse(400, ["content must be the file's text"], 'INVALID');
  if (content.length > MAX_IMPORT_BYTES) return refuse(413, [`Berkas terlalu besar: paling banyak ${MAX_IMPORT_BYTES} karakter.`, `File too large: at most ${MAX_IMPORT_BYTES} characters.`], 'TOO_LARGE');
  const parsed = format === 'csv' ? parseCsvImport(content) : parseGeoJsonImport(content);
  if (!parsed.ok) {
    audit(g.actor, 'import', format, false, auditDetail('edit.refused', { reason: b.reason, ...refusalArgs(parsed.errors) }));
    return refuse(400, parsed.errors, 'INVALID');
  }
  const result = await g.registry.store.importMany(g.actor, parsed.rows, b.reason);
  if (!result.ok) {
    audit(g.actor, 'import', format, false, auditDetail('edit.refused', { reason: b.reason, ...refusalArgs(result.errors) }));
    return reply({ ok: false, code: 'INVALID', errors: result.errors, rows: result.rows }, 400);
  }
  audit(g.actor, 'import', `${result.created.length} created, ${result.updated.length} updated`, true, b.reason);
  await g.registry.refresh().catch(() => undefined);
  return reply(result);
};
