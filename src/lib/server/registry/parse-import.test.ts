import { describe, expect, it } from 'vitest';
import { parseCsvImport, parseGeoJsonImport, splitCsv } from './parse-import';

const HEADER = 'id,kind,name,district,lat,lon,intervalS,siaga3,siaga2,siaga1,downstream,note';

describe('splitCsv', () => {
  it('reads quoted commas, doubled quotes, newlines in quotes and CRLF', () => {
    expect(splitCsv('a,"b,c","say ""hi""","two\nlines"\r\nd,e,f,g\n\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\nlines'],
      ['d', 'e', 'f', 'g']
    ]);
  });
});

describe('parseCsvImport', () => {
  it('builds catalog-shaped sensors with thresholds and links', () => {
    const csv = `${HEADER}\nflood-a,flood,"Pintu Air A, Hulu",Sungai Pinang,-0.47,117.18,60,200,220,250,flood-b;flood-c,from BPBD`;
    const r = parseCsvImport(csv);
    expect(r.ok && r.rows[0]).toEqual({
      label: 'row 2',
      errors: [],
      sensor: {
        id: 'flood-a', kind: 'flood', name: 'Pintu Air A, Hulu', district: 'Sungai Pinang', lat: -0.47, lon: 117.18, intervalS: 60,
        flood: { siaga3: 200, siaga2: 220, siaga1: 250 }, downstream: ['flood-b', 'flood-c'], note: 'from BPBD'
      }
    });
  });

  it('reports bad numbers and short rows by row number', () => {
    const r = parseCsvImport(`${HEADER}\nair-1,air,A,Palaran,north,117.1,60,,,,,\nair-2,air,B`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows[0].errors).toEqual(['row 2: lat must be a number, got "north"']);
    expect(r.rows[1].errors[0]).toMatch(/^row 3: 3 fields/);
  });

  it('refuses unknown and missing columns', () => {
    const r = parseCsvImport('id,kind,colour\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/unknown column "colour"[\s\S]*missing column "name"/);
  });
});

describe('parseGeoJsonImport', () => {
  it('takes lon, lat from the point and thresholds from properties', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [117.18, -0.47] }, properties: { id: 'f1', kind: 'flood', name: 'F', district: 'Palaran', intervalS: 60, flood: { siaga3: 1, siaga2: 2, siaga1: 3 } } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: {} }
      ]
    };
    const r = parseGeoJsonImport(JSON.stringify(fc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows[0].sensor).toMatchObject({ id: 'f1', lat: -0.47, lon: 117.18, flood: { siaga3: 1, siaga2: 2, siaga1: 3 } });
    expect(r.rows[1].errors).toEqual(['feature 2: geometry must be a Point [lon, lat]']);
  });

  it('refuses what is not a FeatureCollection', () => {
    expect(parseGeoJsonImport('{"type":"Feature"}').ok).toBe(false);
    expect(parseGeoJsonImport('not json').ok).toBe(false);
  });
});
