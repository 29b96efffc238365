import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '../../../tests/helpers/shared-dir';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, decodePayload, parseTimestamp, type DecodeContext } from './decode';

const NOW = Date.UTC(2026, 10, 28, 5, 0, 0);
const ctx = (kind: DecodeContext['kind'] = 'flood'): DecodeContext => ({ kind, sensorId: 's1', now: NOW, limits: DEFAULT_DECODE_LIMITS });
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('Pantau JSON payloads', () => {
  it('accepts epoch ms and ISO timestamps', () => {
    expect(decodePayload(enc({ ts: NOW - 1000, values: { water_level: 120.5, rainfall: 3 } }), ctx())).toEqual({
      ok: true,
      readings: [{ sensorId: 's1', kind: 'flood', ts: NOW - 1000, values: { water_level: 120.5, rainfall: 3 } }]
    });
    const r = decodePayload(enc({ ts: '2026-11-28T13:00:00+08:00', values: { water_level: 1 } }), ctx());
    expect(r).toMatchObject({ ok: true, readings: [{ ts: NOW }] });
  });
  it('uses the receive time when ts is absent', () => {
    expect(decodePayload(enc({ values: { pm25: 12 } }), ctx('air'))).toMatchObject({ ok: true, readings: [{ ts: NOW }] });
  });
  it.each([
    ['not json', 'not_json', 'flood {'],
    ['a number', 'bad_shape', '42'],
    ['string value', 'bad_type', { values: { water_level: '12' } }],
    ['missing values', 'missing_field', { ts: NOW }],
    ['empty values', 'missing_field', { values: {} }],
    ['unknown field', 'unknown_field', { values: { depth: 3 } }],
    ['__proto__ field', 'unknown_field', '{"values":{"__proto__":1}}'],
    ['out of range', 'out_of_range', { values: { water_level: 1e9 } }],
    ['future', 'time_out_of_window', { ts: NOW + 3_600_000, values: { water_level: 1 } }],
    ['far past', 'time_out_of_window', { ts: NOW - 30 * 86_400_000, values: { water_level: 1 } }],
    ['bad time', 'bad_time', { ts: 'yesterday', values: { water_level: 1 } }],
    ['zone-less ISO', 'bad_time', { ts: '2026-11-28T13:00:00', values: { water_level: 1 } }]
  ])('refuses %s as %s', (_name, code, payload) => {
    expect(decodePayload(enc(payload), ctx())).toMatchObject({ ok: false, code });
  });
  it.each([
    ['2026-11-31T10:00:00+08:00'], // 30 days hath November: Date.parse made it 1 December
    ['2026-02-29T10:00:00Z'],
    ['2026-11-00T10:00:00Z'],
    ['2026-13-01T10:00:00Z'],
    ['2026-11-27T24:00:00Z'],
    ['2026-11-27T23:61:00Z'],
    ['2026-11-27T10:00:60Z'],
    ['2026-11-27T10:00:00+08:60']
  ])('refuses the impossible time %s as bad_time, not a shifted one', (ts) => {
    expect(decodePayload(enc({ ts, values: { water_level: 1 } }), ctx())).toMatchObject({ ok: false, code: 'bad_time' });
  });
  it('accepts the last real day, hour, minute and second', () => {
    expect(parseTimestamp('2026-11-30T23:59:59.999+08:00', NOW)).toBe(Date.UTC(2026, 10, 30, 15, 59, 59, 999));
    expect(parseTimestamp('2024-02-29T00:00Z', NOW)).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimestamp('2026-12-31T23:59:00-0100', NOW)).toBe(Date.UTC(2027, 0, 1, 0, 59));
    expect(parseTimestamp('2100-02-29T00:00:00Z', NOW)).toMatchObject({ ok: false, code: 'bad_time' });
  });
  it('refuses NaN and Infinity spelled in JSON (not valid JSON numbers)', () => {
    expect(decodePayload(enc('{"values":{"water_level":NaN}}'), ctx())).toMatchObject({ ok: false, code: 'not_json' });
    expect(decodePayload(enc('{"values":{"water_level":1e999}}'), ctx())).toMatchObject({ ok: false, code: 'not_finite' });
  });
  it('refuses oversized payloads before parsing them', () => {
    const big = new Uint8Array(DEFAULT_DECODE_LIMITS.maxPayloadBytes + 1).fill(32);
    expect(decodePayload(big, ctx())).toMatchObject({ ok: false, code: 'too_large' });
  });
  it('refuses invalid UTF-8', () => {
    expect(decodePayload(new Uint8Array([0x7b, 0xff, 0x7d]), ctx())).toMatchObject({ ok: false, code: 'not_json' });
  });
});

describe('SenML packs (RFC 8428)', () => {
  it('resolves base name, base time, base value and relative time', () => {
    const pack = [
      { bn: 'urn:dev:pantau:s1:', bt: NOW / 1000, bu: 'cm', n: 'water_level', v: 100 },
      { n: 'water_level', t: -60, v: 98 },
      { n: 'rainfall', u: 'mm/h', v: 12 },
      { n: 'temp', u: 'Cel', v: 29 }
    ];
    const r = decodePayload(enc(pack), ctx());
    expect(r).toEqual({
      ok: true,
      readings: [
        { sensorId: 's1', kind: 'flood', ts: NOW - 60_000, values: { water_level: 98 } },
        { sensorId: 's1', kind: 'flood', ts: NOW, values: { water_level: 100, rainfall: 12 } }
      ]
    });
  });
  it('takes the field from the resolved name (bn + n) after its last ":" or "/"', () => {
    const fieldsOf = (pack: object[]) => {
      const r = decodePayload(enc(pack), ctx('air'));
      return r.ok ? r.readings.flatMap((x) => Object.keys(x.values)) : r.code;
    };
    expect(fieldsOf([{ bn: 'urn:dev:mac:0024:', n: 'pm25', u: 'ug/m3', v: 1 }])).toEqual(['pm25']);
    expect(fieldsOf([{ bn: 'gw/', n: 'node7:pm10', u: 'ug/m3', v: 1 }])).toEqual(['pm10']);
    expect(fieldsOf([{ bn: 'urn:dev:mac:0024:pm25', u: 'ug/m3', v: 1 }])).toEqual(['pm25']);
    // A base name without a separator at its end is part of the field: "node7pm25" is no air field.
    expect(fieldsOf([{ bn: 'node7', n: 'pm25', u: 'ug/m3', v: 1 }])).toBe('missing_field');
    expect(fieldsOf([{ bn: 'a:', n: 'pm25', u: 'ug/m3', v: 1 }, { bn: 'b', n: 'pm10', u: 'ug/m3', v: 2 }])).toEqual(['pm25']);
  });
  it('treats times below 2**28 as relative to now', () => {
    const r = decodePayload(enc([{ n: 'pm25', u: 'ug/m3', v: 40, t: -5 }]), ctx('air'));
    expect(r).toMatchObject({ ok: true, readings: [{ ts: NOW - 5000, values: { pm25: 40 } }] });
  });
  it('refuses a wrong unit, a string value, a non-object record, a pack with no known field', () => {
    expect(decodePayload(enc([{ n: 'water_level', u: 'm', v: 1 }]), ctx())).toMatchObject({ ok: false, code: 'bad_unit' });
    expect(decodePayload(enc([{ n: 'water_level', vs: 'high' }]), ctx())).toMatchObject({ ok: false, code: 'bad_type' });
    expect(decodePayload(enc([1, 2]), ctx())).toMatchObject({ ok: false, code: 'bad_shape' });
    expect(decodePayload(enc([{ n: 'temp', u: 'Cel', v: 1 }]), ctx())).toMatchObject({ ok: false, code: 'missing_field' });
    expect(decodePayload(enc([]), ctx())).toMatchObject({ ok: false, code: 'missing_field' });
  });
  it('parses every RFC 8428 example without throwing, and reads none as flood data', () => {
    const dir = sharedDir('formats/senml');
    for (const name of ['rfc8428-5.1.1-single-data-point.json', 'rfc8428-5.1.2b-multiple-data-points-relative-time.json', 'rfc8428-5.1.5-multiple-data-types.json']) {
      const bytes = readFileSync(join(dir, name));
      expect(decodePayload(bytes, ctx())).toMatchObject({ ok: false });
    }
  });
});
