import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePayload, DEFAULT_DECODE_LIMITS } from '../../src/lib/core/decode';
import { NOW_MS } from './fuzz-arbitraries';
import { PROPERTIES, type PropertyName } from './fuzz-properties';

/** Enough to catch regressions in `npm test`; bench/fuzz.ts runs 100k+ per property. */
const RUNS = 600;
const DECODE: PropertyName[] = [
  'decode: arbitrary bytes',
  'decode: arbitrary JSON values',
  'decode: Pantau JSON shapes',
  'decode: SenML packs',
  'decode: NGSI entities',
  'decode: mutated payloads'
];

describe('payload decoders never throw and accept only valid readings', () => {
  for (const name of DECODE) it(name, () => fc.assert(PROPERTIES[name](), { numRuns: RUNS }));
});

describe('regressions found by fuzzing', () => {
  const ctx = { kind: 'flood' as const, sensorId: 'fl-1', now: NOW_MS, limits: DEFAULT_DECODE_LIMITS };
  const decode = (doc: unknown) => decodePayload(new TextEncoder().encode(JSON.stringify(doc)), ctx);

  it('a SenML name that is an object with a non-callable toString is refused, not thrown', () => {
    expect(decode([{ n: { toString: 1 }, v: 1 }])).toMatchObject({ ok: false, code: 'bad_shape' });
  });

  it('a SenML unit that is an object with a non-callable toString is refused, not thrown', () => {
    expect(decode([{ n: 'water_level', u: { toString: 1 }, v: 1 }])).toMatchObject({ ok: false, code: 'bad_unit' });
  });

  it('1e999 (Infinity after JSON.parse) is refused as not finite, in both formats', () => {
    const raw = (s: string) => decodePayload(new TextEncoder().encode(s), ctx);
    expect(raw('{"values":{"water_level":1e999}}')).toMatchObject({ ok: false, code: 'not_finite' });
    expect(raw('[{"n":"water_level","v":-1e999}]')).toMatchObject({ ok: false, code: 'not_finite' });
  });
});
