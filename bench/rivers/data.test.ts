import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRivers, medianStepS, riverCatalog, seriesFromCsv } from './data';

const dir = mkdtempSync(join(tmpdir(), 'pantau-rivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench:rivers data on a split other than the shared one', () => {
  it('takes the interval from the readings when network.json has no step_s, and the folder as the river name', () => {
    mkdirSync(join(dir, 'hourly'));
    // no step_s, no river, no coordinates: the layout's optional parts missing
    writeFileSync(join(dir, 'hourly', 'network.json'), JSON.stringify({ stations: [{ id: 'G1', order: 0, warn_cm: 150 }] }));
    const rows = Array.from({ length: 48 }, (_, h) => `${new Date(Date.UTC(2021, 5, 1, h)).toISOString()},${100 + h}`);
    writeFileSync(join(dir, 'hourly', 'G1.csv'), ['timestamp,level_cm', ...rows].join('\n'));
    const [river] = loadRivers(dir);
    expect(river.stepS).toBe(3600);
    expect(river.river).toBe('hourly');
    const sensor = riverCatalog(river).sensors[0];
    expect(sensor).toMatchObject({ id: 'g1', name: 'G1', intervalS: 3600, lat: 0, lon: 0 });
  });

  it('median step: gaps and repeated rows do not set it; no readings gives the split\'s 10 minutes', () => {
    const ts = Float64Array.from([0, 600_000, 1_200_000, 1_200_000, 9_000_000, 9_600_000]);
    expect(medianStepS([ts])).toBe(600);
    expect(medianStepS([new Float64Array(0)])).toBe(600);
  });

  it('says and skips what it cannot read, and runs the rest: no network.json, bad JSON, a missing CSV, ids equal in lower case', () => {
    const other = mkdtempSync(join(tmpdir(), 'pantau rivers '));
    try {
      const put = (path: string, text: string) => {
        mkdirSync(join(other, path, '..'), { recursive: true });
        writeFileSync(join(other, path), text);
      };
      put('a/network.json', '{"stations": [');
      put('b/G.csv', 'timestamp,level_cm\n');
      put('c river/network.json', '\uFEFF' + JSON.stringify({ river: 'C', step_s: 600, stations: [{ id: 'Y2', order: 1 }, { id: 'y2', order: 2 }, { id: 'Y1', order: 0, warn_cm: '50' }] }));
      put('c river/Y2.csv', 'timestamp,level_cm\r\n2020-01-07T00:10:00Z,3\r\n2020-01-07T00:00:00Z,2\r\n');
      const said: string[] = [];
      const rivers = loadRivers(other, (l) => said.push(l));
      expect(rivers.map((r) => r.river)).toEqual(['C']);
      const [y1, y2] = rivers[0].gauges;
      expect([y1.id, y1.warnCm, y1.ts.length, y2.id]).toEqual(['y1', 50, 0, 'y2']);
      expect([...y2.ts]).toEqual([Date.UTC(2020, 0, 7, 0, 0), Date.UTC(2020, 0, 7, 0, 10)]); // the file ran backwards
      expect([...y2.level]).toEqual([2, 3]);
      expect(said).toEqual([
        expect.stringMatching(/^a\/: network.json is not valid JSON .*: skipped$/),
        'b/ has no network.json: skipped',
        'c river/network.json: station y2 has the id of another in lower case: skipped',
        expect.stringMatching(/c river\/Y1\.csv is missing: that gauge has no readings$/)
      ]);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('reads stamps as score.py does (first 19 characters, UTC) and leaves rows without a level out', () => {
    const s = seriesFromCsv('timestamp,level_cm\n2020-01-07T00:00:00.000Z,1\n2020-01-07T00:10:00,\n2020-01-07T00:20:00+00:00,3\n');
    expect([...s.ts]).toEqual([Date.UTC(2020, 0, 7, 0, 0), Date.UTC(2020, 0, 7, 0, 20)]);
    expect([...s.level]).toEqual([1, 3]);
  });
});
