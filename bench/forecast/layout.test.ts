import { describe, expect, it } from 'vitest';
import { parseIsoSeconds, parseLevelCsv, parseNetworkJson } from './layout';

const T0 = Date.UTC(2020, 0, 7, 0, 0) / 1000;

describe('network.json as other exports write it', () => {
  it('takes a network without its optional fields: folder as river, id as name, 0 as coordinates, no step', () => {
    const r = parseNetworkJson(JSON.stringify({ stations: [{ id: 'A', order: 0, warn_cm: null }] }), 'my river');
    expect(r).toEqual({ ok: true, notes: [], value: { river: 'my river', stepS: null, stations: [{ id: 'A', name: 'A', lat: 0, lon: 0, order: 0, warnCm: null }] } });
  });

  it('reads a BOM, numbers written as strings, a missing order (the listing position) and keeps the listing order', () => {
    const json = '\uFEFF' + JSON.stringify({ river: 'R', step_s: '900', stations: [{ id: 'B', order: 7, warn_cm: '120.5' }, { id: 'A' }, { id: 12345, order: 3 }] });
    const r = parseNetworkJson(json, 'r');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.stepS).toBe(900);
    expect(r.value.stations.map((s) => [s.id, s.order, s.warnCm])).toEqual([['B', 7, 120.5], ['A', 1, null], ['12345', 3, null]]);
    expect(r.notes).toEqual([]);
  });

  it('skips bad stations with a note and keeps the rest: a duplicate id, no id, a path in the id, a non-object', () => {
    const json = JSON.stringify({ stations: [{ id: 'A', order: 0 }, { id: 'A', order: 1 }, { name: 'x' }, { id: '../etc' }, 42, { id: 'B', order: 'first', warn_cm: 'high' }] });
    const r = parseNetworkJson(json, 'r');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.stations.map((s) => [s.id, s.order, s.warnCm])).toEqual([['A', 0, null], ['B', 5, null]]);
    expect(r.notes).toHaveLength(6);
    expect(r.notes.join('\n')).toMatch(/A is listed twice.*\n.*#3 has no usable id.*\n.*#4 has no usable id.*\n.*#5 is not an object.*\n.*B: order "first".*\n.*B: warn_cm "high"/);
  });

  it('is an error, not a crash, when the file is not JSON or lists no stations', () => {
    expect(parseNetworkJson('{"stations": [', 'r')).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
    expect(parseNetworkJson('[]', 'r')).toEqual({ ok: false, error: 'network.json has no "stations" list' });
    expect(parseNetworkJson('null', 'r')).toMatchObject({ ok: false });
  });
});

describe('station CSVs as other exports write them', () => {
  it('reads CRLF, a BOM, quoted cells, trailing blank lines and an extra column', () => {
    const c = parseLevelCsv('\uFEFFtimestamp,level_cm,quality\r\n"2020-01-07T00:00:00Z","12.5",good\r\n2020-01-07T00:10:00Z,1.3e1,good\r\n\r\n\r\n');
    expect(c).toEqual({ ts: [T0, T0 + 600], level: [12.5, 13], stamps: ['2020-01-07T00:00:00Z', '2020-01-07T00:10:00Z'], reading: [0, 1] });
  });

  it('keeps a row without a readable level as a row (its stamp echoed) without a reading', () => {
    const c = parseLevelCsv('timestamp,level_cm\n2020-01-07T00:00:00Z,\n2020-01-07T00:10:00Z,nan\n2020-01-07T00:20:00Z,-3.5\n2020-01-07T00:30:00Z,Infinity\nnot a time,4\n');
    expect(c.ts).toEqual([T0 + 1200]);
    expect(c.level).toEqual([-3.5]);
    expect(c.stamps).toEqual(['2020-01-07T00:00:00Z', '2020-01-07T00:10:00Z', '2020-01-07T00:20:00Z', '2020-01-07T00:30:00Z', 'not a time']);
    expect(c.reading).toEqual([-1, -1, 0, -1, -1]);
  });

  it('gives nothing for a header-only or empty file', () => {
    for (const text of ['timestamp,level_cm\n', 'timestamp,level_cm', '']) expect(parseLevelCsv(text)).toEqual({ ts: [], level: [], stamps: [], reading: [] });
  });

  it('reads a time by its first 19 characters as UTC, as score.py does, whatever follows', () => {
    for (const s of ['2020-01-07T00:10:00Z', '2020-01-07T00:10:00.000Z', '2020-01-07T00:10:00+00:00', '2020-01-07T00:10:00', '2020-01-07 00:10:00Z', '2020-01-07T00:10:00+07:00']) {
      expect(parseIsoSeconds(s)).toBe(T0 + 600);
    }
    for (const s of ['', '2020-01-07', '07/01/2020 00:10:00', '2020-13-07T00:10:00Z']) expect(parseIsoSeconds(s)).toBeNaN();
  });
});
