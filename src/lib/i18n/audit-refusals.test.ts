import { describe, expect, it } from 'vitest';
import { SensorSchema } from '../schemas/catalog';
import { check } from '../schemas/issues';
import { parsePerson, parseShift } from '../schemas/people';
import { auditDetail, formatAuditDetail, MAX_ARG_CHARS, refusalArgs } from './audit-detail';
import { formatAuditLine } from '../server/auth/audit';
import { refusalMessagesEn } from './messages-refusal-en';
import { refusalMessagesId } from './messages-refusal-id';
import { placeholdersOf } from './translate';

/** The problems the people directory answers for `input` (parse*), as the API and the audit log get them. */
function errorsOf(result: { ok: boolean; errors?: string[] }): string[] {
  if (result.ok || !result.errors) throw new Error('expected a refusal');
  return result.errors;
}

describe("a refusal's problems in the reader's language", () => {
  it('says each problem of a refused person in Indonesian, its path as written; the English sentence is stored as before', () => {
    const errors = errorsOf(parsePerson({ id: 'Sari Dewi', name: ' ', quietHours: { startMin: 2000, endMin: 0 } }));
    expect(errors).toEqual([
      'id must be 1–64 lower-case letters, digits, _ or - (starting with a letter or digit)',
      'name must be a non-empty string',
      'quietHours: startMin must be a whole minute in [0, 1439]'
    ]);
    const said = auditDetail('edit.refused', { reason: 'sari', ...refusalArgs(errors) });
    expect(said.detail).toBe(`sari — refused: ${errors.join('; ')}`);
    expect(formatAuditDetail('en', said)).toBe(said.detail);
    expect(formatAuditDetail('id', said)).toBe(
      'sari — ditolak: id harus 1–64 huruf kecil, angka, _ atau - (diawali huruf atau angka); name harus berupa teks yang tidak kosong; quietHours: startMin harus menit bulat dalam [0, 1439]'
    );
  });

  it('with values (a rota role); a problem whose reason is not coded is shown as it came', () => {
    const errors = [...errorsOf(parseShift({ personId: 'sari', role: 'chief', start: 2, end: 1 })), 'no person "x" in the directory'];
    const id = formatAuditDetail('id', auditDetail('refused', refusalArgs(errors)));
    expect(id).toBe('ditolak: role harus primary atau backup; no person "x" in the directory');
    expect(formatAuditDetail('en', auditDetail('refused', refusalArgs(errors)))).toBe(`refused: ${errors.join('; ')}`);
  });

  it("a sensor refused by the catalog's schema: its index and field as written, the reason in words", () => {
    const errors = errorsOf(check(SensorSchema, { id: 'g1', kind: 'flood', name: 'G', district: 'X', lat: 95, lon: 117, intervalS: 60, flood: { siaga3: 300, siaga2: 200, siaga1: 400 } }, { root: 'sensors[0]' }));
    expect(formatAuditDetail('id', auditDetail('refused', refusalArgs(errors)))).toBe(
      'ditolak: sensors[0]: lat harus berupa angka dalam [-90, 90]; sensors[0]: flood ambang harus naik: siaga3 <= siaga2 <= siaga1'
    );
  });

  it('an entry stored before its problems were values, or with a count not ours, shows its English problems', () => {
    expect(formatAuditDetail('id', auditDetail('refused', { errors: 'name must be a non-empty string' }))).toBe('ditolak: name must be a non-empty string');
    const forged = { detail: 'refused: x', detailCode: 'refused', detailArgs: { errors: 'x', problems: 1e9 } };
    expect(formatAuditDetail('id', forged)).toBe('refused: x');
  });

  it('a refusal with more problems than an entry keeps: the first ones said, the rest counted (not all dropped)', () => {
    const errors = Array.from({ length: 50 }, (_, i) => `sensors[${i}]: name must be a non-empty string`);
    const said = auditDetail('refused', refusalArgs(errors));
    // what audit.ts stores of the values (at most 2,000 characters as JSON, else none)
    expect(JSON.stringify(said.detailArgs).length).toBeLessThanOrEqual(2_000);
    const id = formatAuditDetail('id', said);
    expect(id).toMatch(/^ditolak: sensors\[0\]: name harus berupa teks yang tidak kosong; sensors\[1\]: /);
    expect(id).toMatch(/; … dan \d+ lagi$/);
    const kept = Number(said.detailArgs.problems);
    expect(id).toContain(`… dan ${50 - kept} lagi`);
  });

  it("a refusal with many problems beside a reason JSON spells long (quotes) still keeps its first problems as values", () => {
    const errors = Array.from({ length: 50 }, (_, i) => `sensors[${i}]: name must be a non-empty string`);
    const said = auditDetail('edit.refused', { reason: '"'.repeat(MAX_ARG_CHARS), ...refusalArgs(errors) });
    // stored as audit.ts writes it: past 2,000 characters of values, none (before: 2,092, shown in English only)
    const line = formatAuditLine({ at: 1, user: 'admin', role: 'admin', action: 'edit', target: 'x', ok: false, ...said });
    expect(line).toContain('detail_code="edit.refused"');
    expect(said.detail).toBe(`${'"'.repeat(MAX_ARG_CHARS)} — refused: ${errors.join('; ').slice(0, MAX_ARG_CHARS)}`);
    const id = formatAuditDetail('id', said);
    expect(id).toMatch(/ — ditolak: sensors\[0\]: name harus berupa teks yang tidak kosong; /);
    expect(id).toContain(`… dan ${50 - Number(said.detailArgs.problems)} lagi`);
  });

  it('each reason has the same placeholders in both languages', () => {
    for (const [code, text] of Object.entries(refusalMessagesId)) expect(placeholdersOf(refusalMessagesEn[code as keyof typeof refusalMessagesId]), code).toEqual(placeholdersOf(text));
  });
});
