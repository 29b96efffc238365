import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRivers, medianStepS, riverCatalog } from './data';

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
});
