import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBaseline } from './baselines';
import { splitDataDir } from './folders';
import { asWritten, formatForecastCsv, listNetworks, parseSeriesCsv, readSeries, type Network } from './data';

const dir = mkdtempSync(join(tmpdir(), 'pantau forecast '));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench:forecast on a split other than the shared one', () => {
  it('lists the rivers it can read and says which folders it skips and why', () => {
    const put = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    put('b river/network.json', JSON.stringify({ stations: [{ id: 'G 1', order: 0, warn_cm: 5 }, { id: 'G 1' }] }));
    put('a-broken/network.json', '{"stations": [');
    put('c-no-network/X.csv', 'timestamp,level_cm\n');
    put('.hidden/network.json', '{}');
    put('README.md', '# notes');
    const said: string[] = [];
    const nets = listNetworks(dir, (l) => said.push(l));
    expect(nets).toEqual([{ river: 'b river', stations: [{ id: 'G 1', name: 'G 1', order: 0, warnCm: 5 }] }]);
    expect(said).toEqual([
      expect.stringMatching(/^a-broken\/: network.json is not valid JSON .*: skipped$/),
      'b river/network.json: station G 1 is listed twice: the second listing is skipped',
      'c-no-network/ has no network.json: skipped'
    ]);
    const one: string[] = [];
    expect(listNetworks(join(dir, 'b river'), (l) => one.push(l))).toEqual([]);
    expect(one).toEqual([`${join(dir, 'b river')} is one river's folder: give the folder above it (DATA/<river>/network.json)`]);
    const missing: string[] = [];
    expect(readSeries(dir, 'b river', 'nowhere', (l) => missing.push(l))).toEqual({ ts: [], level: [] });
    expect(missing[0]).toMatch(/nowhere\.csv is missing/);
  });

  it('reads the data/ folder of a split root given as DATA (README, score.py and data/<river>/ side by side), and DATA itself otherwise', () => {
    const root = join(dir, 'split root');
    mkdirSync(join(root, 'data', 'r1'), { recursive: true });
    writeFileSync(join(root, 'README.md'), '# split');
    writeFileSync(join(root, 'data', 'r1', 'network.json'), JSON.stringify({ stations: [{ id: 'A', order: 0 }] }));
    expect(splitDataDir(root)).toBe(join(root, 'data'));
    expect(listNetworks(splitDataDir(root), () => {}).map((n) => n.river)).toEqual(['r1']);
    expect(splitDataDir(join(root, 'data'))).toBe(join(root, 'data'));
    // a split with a river that happens to be called "data" is read as it is
    mkdirSync(join(root, 'r0'));
    writeFileSync(join(root, 'r0', 'network.json'), '{"stations": []}');
    expect(splitDataDir(root)).toBe(root);
  });

  it('writes one output row per input row with the input timestamp text, empty cells where there is no reading', () => {
    const s = parseSeriesCsv('timestamp,level_cm\r\n2020-01-07T00:00:00.000Z,10\r\n2020-01-07T00:10:00+00:00,\r\n2020-01-07T00:20:00.000Z,12\r\n');
    expect(s.ts).toHaveLength(2);
    const csv = formatForecastCsv(s.ts, [[10.5, Number.NaN, null], [12.25, 13, Infinity]], s.input);
    expect(csv).toBe('timestamp,h30,h60,h120\n2020-01-07T00:00:00.000Z,10.50,,\n2020-01-07T00:10:00+00:00,,,\n2020-01-07T00:20:00.000Z,12.25,13.00,\n');
  });

  it('gives the reference forecasters numbers or none, never NaN, when a gauge has no readings or its file runs backwards', () => {
    const net: Network = { river: 'r', stations: ['a', 'b', 'c'].map((id, order) => ({ id, name: id, order, warnCm: null })) };
    const up = Array.from({ length: 40 }, (_, i) => ({ t: i * 600, v: 100 + i }));
    const series = [
      { ts: up.map((p) => p.t), level: up.map((p) => p.v) },
      { ts: [], level: [] },
      { ts: [...up].reverse().map((p) => p.t), level: [...up].reverse().map((p) => p.v) }
    ];
    for (const kind of ['persistence', 'trend', 'arx'] as const) {
      const rows = runBaseline(kind, net, series);
      expect(rows.map((r) => r.length)).toEqual([40, 0, 40]);
      const cells = rows.flat(2);
      expect(cells.every((v) => v === null || Number.isFinite(v))).toBe(true);
      // persistence is written as empty cells (scored as persistence); the others forecast
      if (kind !== 'persistence') expect(cells.filter((v) => v !== null).length).toBeGreaterThan(0);
    }
    // the backwards file's forecasts line up with its own rows: its last row is the first reading (100), too early for a trend
    const trend = runBaseline('trend', net, series);
    expect(trend[2][39]).toEqual([null, null, null]);
    expect(trend[2][0]).toEqual(trend[0][39]);
  });
});

describe('forecasts scored as written', () => {
  it('rounds as the file does, so a forecast a hair under warn_cm that is written as warn_cm counts as a warning (as score.py reads it)', () => {
    const warn = 514.7;
    expect(514.696 >= warn).toBe(false);
    expect(asWritten(514.696)).toBe(warn);
    expect(Number(formatForecastCsv([0], [[514.696, null, null]]).split('\n')[1].split(',')[1])).toBe(asWritten(514.696));
    expect([asWritten(null), asWritten(Number.NaN), asWritten(-Infinity), asWritten(2e7), asWritten(-3.004)]).toEqual([null, null, null, null, -3]);
  });
});
