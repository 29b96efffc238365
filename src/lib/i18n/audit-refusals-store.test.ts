import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../catalog/validate';
import { checkRevision } from '../server/people/change';
import { parsePushSubscription } from '../server/people/push-subscriptions';
import { parseCsvImport, parseGeoJsonImport } from '../server/registry/parse-import';
import { applyChanges } from '../server/registry/rows';
import type { RegisteredSensor } from '../server/registry/model';
import { sayWith } from '../schemas/reason';
import { auditDetail, formatAuditDetail, refusalArgs } from './audit-detail';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const catalog = (): Mutable => ({
  city: 'Testkota',
  districts: [
    { code: '1', name: 'A', lat: -0.5, lon: 117.1 },
    { code: '2', name: 'B', lat: -0.4, lon: 117.2 }
  ],
  sensors: [
    { id: 'flood-a', kind: 'flood', name: 'Gauge A', district: 'A', lat: -0.5, lon: 117.1, intervalS: 60 },
    { id: 'air-a', kind: 'air', name: 'Udara A', district: 'B', lat: -0.5, lon: 117.1, intervalS: 300 }
  ]
});

function errorsOf(result: { ok: boolean; errors?: string[] }): string[] {
  if (result.ok || !result.errors) throw new Error('expected a refusal');
  return result.errors;
}

/** The refusal as /audit shows it in each language, the English being exactly the problems as answered. */
function said(errors: string[]): { id: string; en: string } {
  const detail = auditDetail('refused', refusalArgs(errors));
  expect(formatAuditDetail('en', detail)).toBe(`refused: ${errors.join('; ')}`);
  return { id: formatAuditDetail('id', detail), en: formatAuditDetail('en', detail) };
}

describe("the catalog's cross-entry checks and the stores' own refusals in the reader's language", () => {
  it("says the catalog's duplicates, unknown districts and broken links in Indonesian, the English unchanged", () => {
    const c = catalog();
    c.districts.push({ ...c.districts[0] });
    c.sensors.push({ ...c.sensors[1], district: 'Nowhere', downstream: ['air-a', 'flood-a'] });
    c.sensors[0].downstream = ['flood-a'];
    const errors = errorsOf(validateCatalog(c));
    expect(errors).toEqual([
      'districts[2]: duplicate district "A"',
      'sensors[2]: duplicate id "air-a"',
      'sensors[2]: district "Nowhere" is not in districts',
      'sensor flood-a: lists itself downstream',
      'sensor air-a: lists itself downstream'
    ]);
    expect(said(errors).id).toBe(
      'ditolak: districts[2]: kecamatan "A" ganda; sensors[2]: id "air-a" ganda; sensors[2]: kecamatan "Nowhere" tidak ada di districts; ' +
        'sensor flood-a: mencantumkan dirinya sendiri di hilir; sensor air-a: mencantumkan dirinya sendiri di hilir'
    );
    const linked = catalog();
    linked.sensors[0].downstream = ['air-a'];
    expect(said(errorsOf(validateCatalog(linked))).id).toBe('ditolak: sensor flood-a: hilir "air-a" bukan sensor banjir di sini');
  });

  it('says the unit of a number range in Indonesian (seconds: detik, veh/h: kend/jam)', () => {
    const c = catalog();
    c.sensors[0].intervalS = 0;
    c.sensors[1] = { ...c.sensors[1], kind: 'traffic', traffic: { freeFlowKmh: 0, capacityVehH: 0 } };
    const errors = errorsOf(validateCatalog(c));
    expect(errors).toEqual([
      'sensors[0]: intervalS must be a number in (0, 86400] seconds',
      'sensors[1].traffic: freeFlowKmh must be a number in (0, 200] km/h',
      'sensors[1].traffic: capacityVehH must be a number in (0, 12000] veh/h'
    ]);
    expect(said(errors).id).toBe(
      'ditolak: sensors[0]: intervalS harus berupa angka dalam (0, 86400] detik; sensors[1].traffic: freeFlowKmh harus berupa angka dalam (0, 200] km/jam; ' +
        'sensors[1].traffic: capacityVehH harus berupa angka dalam (0, 12000] kend/jam'
    );
  });

  it("says the registry's edit and import refusals in Indonesian", () => {
    const sensor = { ...catalog().sensors[0], status: 'active', revision: 3, updatedAt: 0, updatedBy: 'x' } as unknown as RegisteredSensor;
    const edit = errorsOf(applyChanges(sensor, { id: 'x', colour: 'red', status: 'decommissioned' }));
    expect(edit).toEqual([
      'id cannot be changed: readings and alerts carry it (decommission and create a new sensor instead)',
      'unknown field "colour"',
      'status can be set to active or maintenance here; decommission has its own action'
    ]);
    expect(said(edit).id).toBe(
      'ditolak: id tidak dapat diubah: pembacaan dan peringatan memuatnya (nonaktifkan lalu buat sensor baru); kolom "colour" tidak dikenal; ' +
        'status di sini hanya dapat diatur ke active atau maintenance; penonaktifan punya aksinya sendiri'
    );
    const csv = errorsOf(parseCsvImport('id,kind,colour\nx,flood,red'));
    expect(csv[0]).toBe('unknown column "colour"');
    expect(said(csv).id).toMatch(/^ditolak: kolom "colour" tidak dikenal; kolom "name" tidak ada; .*; kolomnya: id, kind, name/);
    expect(said(errorsOf(parseGeoJsonImport('{"type":"Feature"}'))).id).toBe('ditolak: seharusnya GeoJSON FeatureCollection');
    // a header of 1,200 unknown columns: the first 50 worded, the rest counted (each worded pushed the first out of sayWith's memory)
    const wide = errorsOf(parseCsvImport(`id,${Array.from({ length: 1_200 }, (_, i) => `c${i}`).join(',')}\nx`));
    expect(wide.slice(49, 51)).toEqual(['unknown column "c49"', '… and 1150 more']);
    expect(formatAuditDetail('id', auditDetail('refused', refusalArgs(wide)))).toMatch(/^ditolak: kolom "c0" tidak dikenal; kolom "c1" tidak dikenal; /);
    expect(said([sayWith('sensorChanged', { id: 'flood-a', current: 4, expected: 3 })])).toEqual({
      id: 'ditolak: sensor flood-a berubah sementara itu (revisi 4, Anda menyunting 3): muat ulang lalu coba lagi',
      en: 'refused: sensor flood-a changed meanwhile (revision 4, you edited 3): reload and try again'
    });
  });

  it("says a refused push subscription's problems in Indonesian", () => {
    const compressed = Buffer.concat([Buffer.from([2]), Buffer.alloc(64)]).toString('base64url');
    const errors = errorsOf(parsePushSubscription({ endpoint: 'https://u:p@push.example.com/x', keys: { p256dh: compressed, auth: 'abc' } }));
    expect(errors).toEqual(['endpoint must not carry credentials', 'keys.p256dh must be an uncompressed point (first byte 4)', 'keys.auth must be a base64url secret of 16 bytes']);
    expect(said(errors).id).toBe(
      'ditolak: endpoint tidak boleh memuat kredensial; keys.p256dh harus berupa titik tak terkompresi (bita pertama 4); keys.auth harus berupa rahasia base64url sepanjang 16 bita'
    );
    expect(said(errorsOf(parsePushSubscription({ endpoint: 'http://push.example.com/x', keys: {} }))).id).toBe(
      'ditolak: endpoint harus berupa URL https; keys.p256dh harus berupa kunci publik P-256 base64url (65 bita); keys.auth harus berupa rahasia base64url sepanjang 16 bita'
    );
    expect(said(errorsOf(parsePushSubscription([]))).id).toBe('ditolak: body harus berupa objek JSON');
  });

  it("says the people directory's revision conflict in Indonesian, each kind in its own word", () => {
    const person = errorsOf(checkRevision('person', 'sari', 5, 4)!);
    expect(person).toEqual(['person sari changed meanwhile (revision 5, you edited 4): reload and try again']);
    expect(said(person).id).toBe('ditolak: orang sari berubah sementara itu (revisi 5, Anda menyunting 4): muat ulang lalu coba lagi');
    expect(said(errorsOf(checkRevision('team', 'bpbd', 2, 1)!)).id).toBe('ditolak: tim bpbd berubah sementara itu (revisi 2, Anda menyunting 1): muat ulang lalu coba lagi');
  });
});
